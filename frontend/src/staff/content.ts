// Addresses of the editor API (backend/harbour/editing/): the council's offer and pledge,
// each piece with its live words, any draft, and the revision a change is based on. Their
// shapes are the generated ones (api/types.ts).
import type { EditedOfferItem } from '../api/types';
import type { Area } from '../lib/types';

/** One piece of content as the editor has it, whatever its words `W` (the API has one
 * shape per kind: Edited_OfferItemFields_, ThemeEditorOut, Edited_PromiseFields_). */
export type Edited<W> = Omit<EditedOfferItem, 'current' | 'draft'> & { current: W; draft: W | null };

export const editorPaths = {
  offer: '/api/v1/editor/offer',
  item: (id: string) => `/api/v1/editor/offer/${encodeURIComponent(id)}`,
  pledge: '/api/v1/editor/pledge',
  pledgePreview: '/api/v1/editor/pledge/preview',
  theme: (id: string) => `/api/v1/editor/pledge/themes/${encodeURIComponent(id)}`,
  promise: (id: string) => `/api/v1/editor/pledge/promises/${encodeURIComponent(id)}`,
};

export const editorPages = {
  list: '/staff/content',
  item: (id: string) => `/staff/content/offer/${encodeURIComponent(id)}`,
  newItem: '/staff/content/offer/new',
  theme: (id: string) => `/staff/content/themes/${encodeURIComponent(id)}`,
  promise: (id: string) => `/staff/content/promises/${encodeURIComponent(id)}`,
};

/** The words young people will see once published: the draft, else the live words. */
export function shown<W>(edited: Edited<W>): W {
  return edited.draft ?? edited.current;
}

/** Items grouped by the area they are in (a draft's area, if it moves the item). */
export function byArea(items: EditedOfferItem[]): Map<Area, EditedOfferItem[]> {
  const groups = new Map<Area, EditedOfferItem[]>();
  for (const item of items) {
    const area = shown(item).area;
    groups.set(area, [...(groups.get(area) ?? []), item]);
  }
  return groups;
}

/** "£2,500" or "2500.50" as whole pence; null when it is not an amount of money. */
export function pence(text: string): number | null {
  const cleaned = text.replace(/[£,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [pounds = '0', part = ''] = cleaned.split('.');
  return Number(pounds) * 100 + Number(part.padEnd(2, '0'));
}

/** Pence as pounds for a form field: 250000 -> "2500", 1050 -> "10.50". */
export function poundsText(value: number): string {
  return value % 100 === 0 ? String(value / 100) : (value / 100).toFixed(2);
}
