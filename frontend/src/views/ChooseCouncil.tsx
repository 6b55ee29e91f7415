// "/": the remembered council, the only council, or a choice of councils.
import { useEffect, useState } from 'preact/hooks';
import type { CouncilList } from '../api/types';
import { Loaded } from '../components/Loaded';
import { Page } from '../components/Page';
import { paths } from '../core/api';
import { getMeta } from '../core/db';
import { t } from '../core/i18n';
import { navigate } from '../core/router';

const councilHome = (slug: string) => `/c/${encodeURIComponent(slug)}`;

/** `?change` (from "Change council") shows the list even when a council is remembered. */
export function ChooseCouncil({ search }: { search: string }) {
  const changing = new URLSearchParams(search).has('change');
  const [remembered, setRemembered] = useState<'unknown' | 'none'>(changing ? 'none' : 'unknown');

  useEffect(() => {
    if (changing) return setRemembered('none');
    getMeta('council').then(
      (slug) => (slug ? navigate(councilHome(slug), { replace: true }) : setRemembered('none')),
      () => setRemembered('none'),
    );
  }, [changing]);

  if (remembered === 'unknown') return <Page title={t('app.loadingTitle')} busy />;
  return (
    <Loaded<CouncilList> path={paths.councils}>
      {({ councils }) => (
        <CouncilChoice councils={councils} goStraightToOnly={!changing} />
      )}
    </Loaded>
  );
}

function CouncilChoice({ councils, goStraightToOnly }: CouncilList & { goStraightToOnly: boolean }) {
  const only = councils.length === 1 ? councils[0] : undefined;
  useEffect(() => {
    if (only && goStraightToOnly) navigate(councilHome(only.slug), { replace: true });
  }, [only, goStraightToOnly]);

  return (
    <Page title={t('choose.title')}>
      {councils.length === 0 ? (
        <p>{t('choose.none')}</p>
      ) : (
        <>
          <p class="lead">{t('choose.hint')}</p>
          <ul class="choice-list">
            {councils.map((council) => (
              <li key={council.slug}>
                <a class="choice-list__link" href={councilHome(council.slug)}>
                  {council.name}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
