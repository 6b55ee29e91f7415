// What "My health passport" adds to the core: its store, outbox kind and pull section (declared
// below, so the core types them), what acknowledging a passport change does to the phone's
// copy, and how the pull's `passport` section is kept and forgotten.
import type { PassportOut } from '../../api/types';
import type { Feature } from '../../core/features';
import { applyPendingPassport } from './pending';
import type { LocalPassport, PassportEditBody } from './types';

declare module '../../core/db' {
  interface HarbourStores {
    passport: { key: string; value: LocalPassport };
  }
}

declare module '../../core/outbox' {
  interface OutboxBodies {
    /** A change to the health passport; the item's id is the operation's id. */
    passport_edit: PassportEditBody;
  }
}

declare module '../../core/pull' {
  interface PullSections {
    /** The passport, when it changed since the cursor. */
    passport: PassportOut;
  }
}

export const passport = {
  stores: {
    passport: { keyPath: 'owner' },
  },
  kinds: {
    passport_edit: {
      stores: ['passport'],
      acknowledge: async (tx, item) => {
        if (!item.owner) return;
        const passports = tx.objectStore('passport');
        const copy = await passports.get(item.owner);
        await passports.put({ ...applyPendingPassport(copy ?? null, [item]), owner: item.owner });
      },
    },
  },
  pull: {
    passport: {
      stores: ['passport'],
      keep: (tx, pulled, owner) => tx.objectStore('passport').put({ ...pulled, owner }),
      forget: (tx, owner) => tx.objectStore('passport').delete(owner),
    },
  },
} satisfies Feature;
