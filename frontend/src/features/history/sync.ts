// The history of changes to the young person's plan, its tasks and their passport: the pull's
// `history` section, kept in the store "history" (key `op_id`) for the plan and passport pages,
// which read it by owner and record.
import type { FieldEditOut } from '../../api/types';
import { deleteOwned } from '../../core/db';
import type { Feature } from '../../core/features';

export type StoredHistory = FieldEditOut & { owner: string };

declare module '../../core/db' {
  interface HarbourStores {
    history: { key: string; value: StoredHistory };
  }
}

declare module '../../core/pull' {
  interface PullSections {
    /** Changes to the plan, its tasks and the passport since the cursor. */
    history: FieldEditOut[];
  }
}

export const history = {
  stores: {
    history: { keyPath: 'op_id' },
  },
  pull: {
    history: {
      stores: ['history'],
      keep: (tx, entries, owner) => Promise.all(entries.map((entry) => tx.objectStore('history').put({ ...entry, owner }))),
      forget: (tx, owner) => deleteOwned(tx, 'history', owner),
    },
  },
} satisfies Feature;
