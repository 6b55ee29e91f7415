import type { OfferItemOut } from '../api/types';
// Offline search of the offer: every word typed must appear in the title, summary or details.

/** Lower case without accents, so "cafe" finds "Café". */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

export function searchWords(query: string): string[] {
  return normalise(query).split(/[^\p{L}\p{N}£]+/u).filter(Boolean);
}

/** Items matching every word of the query, in their original order; all items for an empty
 * query. */
export function searchItems<T extends Pick<OfferItemOut, 'title' | 'summary' | 'details'>>(
  items: readonly T[],
  query: string,
): T[] {
  const words = searchWords(query);
  if (words.length === 0) return [...items];
  return items.filter((item) => {
    const text = normalise(`${item.title} ${item.summary} ${item.details}`);
    return words.every((word) => text.includes(word));
  });
}
