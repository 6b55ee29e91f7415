// "/c/:slug/offer": everything on offer, grouped by area with links to each, what is new since
// the last visit, and search that works offline. A chunk of its own: the search code is only
// downloaded with this page.
import { useMemo, useState } from 'preact/hooks';
import type { OfferItemOut, OfferOut } from '../api/types';
import { AreaLinks } from '../components/AreaLinks';
import { TextInput } from '../components/form';
import { Loaded } from '../components/Loaded';
import { OfferItemCard } from '../components/OfferItemCard';
import { OfferSearchResults } from '../components/OfferSearchResults';
import { FramePage, Page } from '../components/Page';
import { paths } from '../core/api';
import { t } from '../core/i18n';
import { WhatsNew } from '../features/whats-new/WhatsNew';
import { useProgressive } from '../lib/progressive';
import { offerIndex, words } from '../lib/search';
import { AREAS, type Area } from '../lib/types';
import { OFFER_FRAME } from './offer-frame';

export function OfferView({ slug }: { slug: string }) {
  return (
    <Loaded<OfferOut> path={paths.offer(slug)} loading={<FramePage title={t(OFFER_FRAME.title)} lead={t(OFFER_FRAME.lead)} />}>
      {(offer) => <OfferList slug={slug} offer={offer} />}
    </Loaded>
  );
}

/** One area's heading and cards. */
function AreaSection({ slug, area, items }: { slug: string; area: Area; items: OfferItemOut[] }) {
  return (
    <section aria-labelledby={`area-${area}`}>
      <h2 id={`area-${area}`}>{t(`area.${area}`)}</h2>
      <ul class="cards">
        {items.map((item) => (
          <OfferItemCard key={item.id} slug={slug} item={item} />
        ))}
      </ul>
    </section>
  );
}

/** `make()`'s value, made on the first call and kept. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

function OfferList({ slug, offer }: { slug: string; offer: OfferOut }) {
  const [query, setQuery] = useState('');
  // Built on the first search, not on opening the page: most visits only scroll the list, and
  // building it at once blocked a slow phone for a few hundred milliseconds (Lighthouse TBT).
  // An offer cached before synonyms were sent has none.
  const index = useMemo(() => once(() => offerIndex(offer.items, offer.synonyms ?? {})), [offer]);
  const searching = words(query).length > 0;
  const found = useMemo(() => (searching ? index().search(query) : undefined), [index, query, searching]);
  const groups = useMemo(
    () => AREAS.map((area) => ({ area, items: offer.items.filter((item) => item.area === area) })).filter(({ items }) => items.length > 0),
    [offer],
  );
  // One area at a time as the app opens on this page (lib/progressive.ts). The same elements
  // each time, so Preact leaves the areas already drawn alone as the next one joins.
  const sections = useMemo(
    () => groups.map(({ area, items }) => <AreaSection key={area} slug={slug} area={area} items={items} />),
    [groups, slug],
  );
  const drawn = useProgressive(groups.length);
  const searchFor = (suggestion: string) => {
    setQuery(suggestion);
    document.getElementById('offer-search')?.focus();
  };

  let count = '';
  if (found) {
    const shown = query.trim();
    const matches = found.hits.length;
    if (matches === 0) count = t('offer.noResults', { query: shown });
    else count = t(found.allWords ? 'offer.results' : 'offer.resultsSome', { count: matches, query: shown });
  }

  return (
    <Page title={t('offer.title')}>
      <p class="lead">{t('offer.intro')}</p>
      <WhatsNew slug={slug} offer={offer} />
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
      {found && <OfferSearchResults slug={slug} result={found} onSearch={searchFor} />}
      {!searching && <AreaLinks areas={groups.map(({ area }) => area)} />}
      {!searching && sections.slice(0, drawn)}
    </Page>
  );
}
