// The front-end half of the example sync kind (docs/architecture.md, "Adding a sync item
// kind"): a young person changes their reminder settings on the phone, and the phone keeps the
// server's copy. The back-end half is tests/sync/example_kind. What the feature adds to the
// core: its store, outbox kind and pull section (declared below, so the core types them), what
// acknowledging a change does to the phone's copy, and how the pull's section is kept and
// forgotten. Test-only: its declarations would make the app's registry incomplete, so only
// this folder's program (tsconfig.json here) sees them.
import type { ReminderSettingsIn, ReminderSettingsOut } from '../../src/api/types';
import type { Feature } from '../../src/core/features';

/** The phone's copy of one person's settings. */
export type StoredSettings = ReminderSettingsOut & { owner: string };

declare module '../../src/core/db' {
  interface HarbourStores {
    reminder_settings: { key: string; value: StoredSettings };
  }
}

declare module '../../src/core/outbox' {
  interface OutboxBodies {
    /** The signed-in young person's reminder settings. */
    reminder_settings: ReminderSettingsIn;
  }
}

declare module '../../src/core/pull' {
  interface PullSections {
    /** Their settings, in every pull. */
    reminder_settings: ReminderSettingsOut;
  }
}

export const example = {
  stores: {
    reminder_settings: { keyPath: 'owner' },
  },
  kinds: {
    reminder_settings: {
      stores: ['reminder_settings'],
      acknowledge: async (tx, item) => {
        if (!item.owner) return;
        const settings = tx.objectStore('reminder_settings');
        const copy = await settings.get(item.owner);
        // Kinds the change leaves out keep their value, as on the server.
        await settings.put({ ...item.body, kinds: { ...copy?.kinds, ...item.body.kinds }, owner: item.owner });
      },
    },
  },
  pull: {
    reminder_settings: {
      stores: ['reminder_settings'],
      keep: (tx, pulled, owner) => tx.objectStore('reminder_settings').put({ ...pulled, owner }),
      forget: (tx, owner) => tx.objectStore('reminder_settings').delete(owner),
    },
  },
} satisfies Feature;
