// Links to each area's heading on the offer page, so nobody has to scroll past the rest.
import { t } from '../core/i18n';
import type { Area } from '../lib/types';
import { TitledSection } from './TitledSection';

export function AreaLinks({ areas }: { areas: readonly Area[] }) {
  if (areas.length === 0) return null; // an empty offer: nothing to jump to
  return (
    <TitledSection as="nav" id="jump-links-title" title={t('offer.jumpTo')} class="jump-links" titleClass="jump-links__title">
      <ul class="jump-links__list">
        {areas.map((area) => (
          <li key={area}>
            <a href={`#area-${area}`} class="tap-link">
              {t(`area.${area}`)}
            </a>
          </li>
        ))}
      </ul>
    </TitledSection>
  );
}
