// "My health passport"'s shapes: its outbox body as the server takes it (backend/harbour/
// health/schemas.py), and the phone's copy of what it sends (PassportOut; declared to the core
// in sync.ts).
import type { PassportOut, PushBody } from '../../api/types';
import type { PassportField } from '../../lib/records';

export type PassportFields = Record<PassportField, string | null> & { shared_with_pa: boolean };

export type PassportEditBody = PushBody<'passport_edit'>;

/** The phone's copy of the passport (IndexedDB "passport", key `owner`). */
export type LocalPassport = PassportOut & { owner: string };
