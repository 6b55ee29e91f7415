// The triage queue's filters as they live in the page's address (ids and fixed words only,
// never names), and the screen request for them. No words here: start-up reads this too, to
// ask for the queue before the staff chunk has loaded (staff/screen.ts).
import type { EveryValue, StatementStatus, StatementType } from '../api/types';
import { STATEMENT_TYPES } from '../lib/statement-types';

const statuses = ['new', 'seen', 'in_progress', 'done'] as const;
export const STATUSES: EveryValue<StatementStatus, typeof statuses> = statuses;

export const PAGE_SIZE = 25;

export type QueueView = 'mine' | 'team';

/** The queue's filters. All are ids or fixed words, so the address holds no one's name. */
export interface QueueFilters {
  status: StatementStatus | '';
  young_person_id: string;
  type: StatementType | '';
  overdue: '' | 'true' | 'false';
  page: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | '' {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : '';
}

/** The filters in `?status=new&page=2`; anything unknown is left out rather than sent. */
export function readFilters(search: string): QueueFilters {
  const query = new URLSearchParams(search);
  const page = Number(query.get('page'));
  const person = query.get('young_person_id') ?? '';
  return {
    status: oneOf(query.get('status'), STATUSES),
    young_person_id: UUID.test(person) ? person : '',
    type: oneOf(query.get('type'), STATEMENT_TYPES),
    overdue: oneOf(query.get('overdue'), ['true', 'false'] as const),
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

function setFilters(query: URLSearchParams, filters: QueueFilters): URLSearchParams {
  for (const name of ['status', 'young_person_id', 'type', 'overdue'] as const) {
    if (filters[name]) query.set(name, filters[name]);
  }
  return query;
}

/** The page's own address for these filters: `/staff/views?type=ask&page=2`. */
export function queueAddress(view: QueueView, filters: QueueFilters): string {
  const query = setFilters(new URLSearchParams(), filters);
  if (filters.page > 1) query.set('page', String(filters.page));
  const text = query.toString();
  const path = view === 'team' ? '/staff/views/team' : '/staff/views';
  return text ? `${path}?${text}` : path;
}

/** The triage screen's request for one page of the queue (GET /api/v1/screens/queue). */
export function queueScreenRequest(view: QueueView, filters: QueueFilters): string {
  const query = setFilters(new URLSearchParams({ view }), filters);
  query.set('limit', String(PAGE_SIZE));
  query.set('offset', String((filters.page - 1) * PAGE_SIZE));
  return `/api/v1/screens/queue?${query.toString()}`;
}
