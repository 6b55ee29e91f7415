// "My health passport"'s shapes: its outbox body and pull section as the server takes and
// sends them (backend/harbour/health/schemas.py), and the phone's copy (declared to the core
// in sync.ts).
import type { PassportField, PassportOut } from '../../lib/records';

export type PassportFields = Record<PassportField, string | null> & { shared_with_pa: boolean };

export interface PassportEditBody {
  base_version: number;
  set: Partial<PassportFields>;
}

/** The phone's copy of the passport (IndexedDB "passport", key `owner`). */
export type LocalPassport = PassportOut & { owner: string };
