// "/c/:slug/offer": everything on offer, grouped by area, with search that works offline.
import { useMemo, useState } from 'preact/hooks';
import type { OfferOut } from '../api/types';
import { TextInput } from '../components/form';
import { Loaded } from '../components/Loaded';
import { OfferItemCard } from '../components/OfferItemCard';
import { Page } from '../components/Page';
import { paths } from '../core/api';
import { t } from '../core/i18n';
import { searchItems, searchWords } from '../lib/search';
import { AREAS } from '../lib/types';

export function OfferView({ slug }: { slug: string }) {
  return <Loaded<OfferOut> path={paths.offer(slug)}>{(offer) => <OfferList slug={slug} offer={offer} />}</Loaded>;
}

function OfferList({ slug, offer }: { slug: string; offer: OfferOut }) {
  const [query, setQuery] = useState('');
  const matches = useMemo(() => searchItems(offer.items, query), [offer.items, query]);
  const searching = searchWords(query).length > 0;
  const groups = AREAS.map((area) => ({ area, items: matches.filter((item) => item.area === area) }));

  let count = '';
  if (searching) {
    const shown = query.trim();
    count = matches.length > 0
      ? t('offer.results', { count: matches.length, query: shown })
      : t('offer.noResults', { query: shown });
  }

  return (
    <Page title={t('offer.title')}>
      <p class="lead">{t('offer.intro')}</p>
      {offer.items.length === 0 ? (
        <p>{t('offer.empty')}</p>
      ) : (
        <form role="search" class="search" onSubmit={(event) => event.preventDefault()}>
          <TextInput
            id="offer-search"
            type="search"
            label={t('offer.searchLabel')}
            hint={t('offer.searchHint')}
            value={query}
            onInput={setQuery}
            autoComplete="off"
          />
        </form>
      )}
      <p class="search__count" role="status">
        {count}
      </p>
      {groups.map(
        ({ area, items }) =>
          items.length > 0 && (
            <section key={area} aria-labelledby={`area-${area}`}>
              <h2 id={`area-${area}`}>{t(`area.${area}`)}</h2>
              <ul class="cards">
                {items.map((item) => (
                  <OfferItemCard key={item.id} slug={slug} item={item} />
                ))}
              </ul>
            </section>
          ),
      )}
    </Page>
  );
}
