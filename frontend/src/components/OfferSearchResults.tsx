// The offer's search results, best first, with the matched words marked, and "Did you mean"
// when a word typed matched nothing.
import type { OfferItemOut } from '../api/types';
import { t } from '../core/i18n';
import { markMatches, matchingSentence, type Hit, type SearchResult } from '../lib/search';
import { Marked } from './Marked';
import { OfferItemCard } from './OfferItemCard';
import { TitledSection } from './TitledSection';

interface Props {
  slug: string;
  result: SearchResult<OfferItemOut>;
  /** Searches again, for the suggestion. */
  onSearch: (query: string) => void;
}

export function OfferSearchResults({ slug, result, onSearch }: Props) {
  const { hits, suggestion } = result;
  return (
    <>
      {suggestion && (
        <p class="search__suggestion">
          {t('offer.didYouMean')}{' '}
          <button type="button" class="link-button" onClick={() => onSearch(suggestion)}>
            {suggestion}
          </button>
        </p>
      )}
      {hits.length > 0 && (
        <TitledSection id="search-results" title={t('offer.resultsHeading')} titleClass="visually-hidden">
          <ul class="cards">
            {hits.map((hit) => (
              <OfferItemCard
                key={hit.item.id}
                slug={slug}
                item={hit.item}
                notes={whereMatched(hit)}
                mark={(text) => <Marked text={text} terms={hit.terms} />}
              />
            ))}
          </ul>
        </TitledSection>
      )}
    </>
  );
}

/** For an item matched only in its details, the sentence that matched. */
function whereMatched({ item, terms }: Hit<OfferItemOut>): string[] {
  if (markMatches(`${item.title} ${item.summary}`, terms).length > 1) return [];
  const sentence = matchingSentence(item.details, terms);
  return sentence ? [sentence] : [];
}
