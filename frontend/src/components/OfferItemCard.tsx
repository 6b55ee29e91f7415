// One offer item in a list: its title as a link (the whole card is the tap target), summary,
// amount, and optional notes (such as why the person can't get it yet).
import type { ComponentChildren } from 'preact';
import type { OfferItemOut } from '../api/types';
import { formatAmount } from '../lib/format';

interface Props {
  slug: string;
  item: OfferItemOut;
  notes?: string[];
  /** Shows a text with some words marked (a search's matches). */
  mark?: (text: string) => ComponentChildren;
}

export function OfferItemCard({ slug, item, notes = [], mark = (text) => text }: Props) {
  return (
    <li class="card card--link">
      <h3 class="card__title">
        <a href={`/c/${encodeURIComponent(slug)}/offer/${encodeURIComponent(item.id)}`}>{mark(item.title)}</a>
      </h3>
      <p class="card__summary">{mark(item.summary)}</p>
      {item.amount && <p class="amount">{formatAmount(item.amount)}</p>}
      {notes.map((note) => (
        <p key={note} class="card__note">
          {mark(note)}
        </p>
      ))}
    </li>
  );
}
