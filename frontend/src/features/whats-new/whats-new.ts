// "What's new": the offer items that are new or changed since this phone last showed the offer.
// Kept only on this phone (IndexedDB `meta`): each council's content version and a fingerprint
// of each item's words, nothing about the person.
import type { OfferItemOut, OfferOut } from '../../api/types';
import { getMeta, setMeta } from '../../core/db';

/** The offer as this phone last showed it: its version, and each item's fingerprint by id. */
export interface SeenOffer {
  version: string;
  items: Record<string, string>;
}

declare module '../../core/db' {
  interface MetaValues {
    /** The offer last shown, by council, for "What's new". */
    offerSeen: Record<string, SeenOffer>;
  }
}

export interface Change {
  item: OfferItemOut;
  kind: 'new' | 'changed';
}

/** A short fingerprint of all an item's words (32-bit FNV-1a): any change to them changes it. */
export function fingerprint(item: OfferItemOut): string {
  const text = JSON.stringify(item);
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export function snapshot(offer: OfferOut): SeenOffer {
  return {
    version: offer.version ?? '',
    items: Object.fromEntries(offer.items.map((item) => [item.id, fingerprint(item)])),
  };
}

/** Items added or changed since `seen`; none while the council's content version is the same. */
export function changesSince(seen: SeenOffer | undefined, offer: OfferOut): Change[] {
  if (!seen || offer.version === null || offer.version === seen.version) return [];
  return offer.items.flatMap((item): Change[] => {
    const before = seen.items[item.id];
    if (before === undefined) return [{ item, kind: 'new' }];
    return before === fingerprint(item) ? [] : [{ item, kind: 'changed' }];
  });
}

/** Marks the offer as seen: "What's new" starts again from here. */
export async function rememberOffer(offer: OfferOut): Promise<void> {
  const seen = (await getMeta('offerSeen')) ?? {};
  await setMeta('offerSeen', { ...seen, [offer.council]: snapshot(offer) });
}

/** What changed since the offer was last marked seen. The first visit, or a new version that
 * changed no item, just becomes the new starting point. The list stays until it is hidden. */
export async function offerChanges(offer: OfferOut): Promise<Change[]> {
  const changes = changesSince((await getMeta('offerSeen'))?.[offer.council], offer);
  if (changes.length === 0) await rememberOffer(offer);
  return changes;
}
