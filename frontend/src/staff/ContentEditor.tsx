// "/staff/content": the council's offer (by area) and pledge, for content editors and admins.
// Each piece links to its editing page and says whether it is live and has a draft waiting.
import { useEffect, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { send } from '../core/api';
import { generalError } from '../lib/form-errors';
import { t } from './i18n';
import { AREAS } from '../lib/types';
import type { OfferEditorOut, PledgeEditorOut } from '../api/types';
import { byArea, editorPages, editorPaths, shown } from './content';
import { StateTags } from './DraftActions';
import { Problem } from '../components/Problem';

export function ContentEditor() {
  const [offer, setOffer] = useState<OfferEditorOut | null>(null);
  const [pledge, setPledge] = useState<PledgeEditorOut | null>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    Promise.all([
      send<OfferEditorOut>('GET', editorPaths.offer),
      send<PledgeEditorOut>('GET', editorPaths.pledge),
    ]).then(
      ([offerNow, pledgeNow]) => {
        setOffer(offerNow);
        setPledge(pledgeNow);
      },
      (error: unknown) => setProblem(generalError(error)),
    );
  }, []);

  const areas = byArea(offer?.items ?? []);
  return (
    <Page
      title={t('editor.title')}
      busy={offer === null && !problem}
      before={<a class="back-link" href="/staff">{t('editor.backHome')}</a>}
    >
      <p>{t('editor.intro')}</p>
      <Problem text={problem} />
      {offer && (
        <section aria-labelledby="editor-offer">
          <h2 id="editor-offer">{t('editor.offerHeading')}</h2>
          <p>
            <a class="button button--secondary" href={editorPages.newItem}>
              {t('editor.add')}
            </a>
          </p>
          {AREAS.filter((area) => areas.has(area)).map((area) => (
            <section key={area} aria-labelledby={`editor-area-${area}`}>
              <h3 id={`editor-area-${area}`}>{t(`area.${area}`)}</h3>
              <ul class="list list--bullet" data-testid={`editor-area-${area}`}>
                {(areas.get(area) ?? []).map((item) => (
                  <li key={item.id}>
                    <a href={editorPages.item(item.id)}>{shown(item).title}</a> <StateTags edited={item} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      )}
      {pledge && (
        <section aria-labelledby="editor-pledge">
          <h2 id="editor-pledge">{t('editor.pledgeHeading')}</h2>
          {pledge.themes.map((theme) => (
            <section key={theme.id} aria-labelledby={`editor-theme-${theme.id}`}>
              <h3 id={`editor-theme-${theme.id}`}>
                <a href={editorPages.theme(theme.id)}>{shown(theme).title}</a> <StateTags edited={theme} />
              </h3>
              <ul class="list list--bullet">
                {theme.promises.map((promise) => (
                  <li key={promise.id}>
                    <a href={editorPages.promise(promise.id)}>{shown(promise).text}</a> <StateTags edited={promise} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      )}
    </Page>
  );
}
