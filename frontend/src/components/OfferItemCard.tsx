// One offer item in a list: its title as a link (the whole card is the tap target), summary,
// amount, and optional notes (such as why the person can't get it yet).
import type { OfferItemOut } from '../api/types';
import { formatAmount } from '../lib/format';

interface Props {
  slug: string;
  item: OfferItemOut;
  notes?: string[];
}

export function OfferItemCard({ slug, item, notes = [] }: Props) {
  return (
    <li class="card card--link">
      <h3 class="card__title">
        <a href={`/c/${encodeURIComponent(slug)}/offer/${encodeURIComponent(item.id)}`}>{item.title}</a>
      </h3>
      <p class="card__summary">{item.summary}</p>
      {item.amount && <p class="amount">{formatAmount(item.amount)}</p>}
      {notes.map((note) => (
        <p key={note} class="card__note">
          {note}
        </p>
      ))}
    </li>
  );
}
