// The "What's new" box on the offer page: links to what is new or changed since this phone last
// showed the offer, until the person hides it.
import { useEffect, useState } from 'preact/hooks';
import type { OfferOut } from '../../api/types';
import { TitledSection } from '../../components/TitledSection';
import { t } from '../../core/i18n';
import { offerChanges, rememberOffer, type Change } from './whats-new';

export function WhatsNew({ slug, offer }: { slug: string; offer: OfferOut }) {
  const [changes, setChanges] = useState<Change[]>([]);
  useEffect(() => {
    let current = true; // a newer offer's answer wins
    offerChanges(offer).then(
      (found) => current && setChanges(found),
      () => current && setChanges([]),
    );
    return () => {
      current = false;
    };
  }, [offer]);
  if (changes.length === 0) return null;

  // Remembered first, then hidden: once it is gone, a reload must not bring it back.
  const hide = async () => {
    await rememberOffer(offer).catch(() => undefined);
    setChanges([]);
    document.querySelector<HTMLElement>('h1')?.focus();
  };
  return (
    <TitledSection id="whats-new-title" title={t('whatsNew.title')} class="whats-new" titleClass="whats-new__title">
      <ul class="whats-new__list">
        {changes.map(({ item, kind }) => (
          <li key={item.id}>
            <a href={`/c/${encodeURIComponent(slug)}/offer/${encodeURIComponent(item.id)}`} class="tap-link">
              {item.title}
            </a>
            <span class="tag">{t(`whatsNew.${kind}`)}</span>
          </li>
        ))}
      </ul>
      <button type="button" class="button button--secondary" onClick={() => void hide()}>
        {t('whatsNew.hide')}
      </button>
    </TitledSection>
  );
}
