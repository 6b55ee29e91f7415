// What "My views" adds to the core: its stores ("drafts", "statements", "replies", "messages",
// "threads"), the outbox kinds `statement`, `statement_update` and `statement_message` and the pull's
// `statements`, `replies` and `statement_messages` sections (declared below, so the core types
// them). Once the server has a statement, the phone's copy is marked sent and forgets its
// words; a thread's words (fetched when opened online, and what the person wrote back) stay
// only while they are signed in (trust.md T2, docs/decisions/006-what-stays-on-the-phone.md).
import type { MessageState, ReplyState, StatementMessageIn, StatementState } from '../../api/types';
import { deleteOwned } from '../../core/db';
import type { Feature } from '../../core/features';
import type { Draft, LocalMessage, LocalStatement, Reply, StatementBody, StatementUpdateBody, StoredThread } from './statements';

declare module '../../core/db' {
  interface HarbourStores {
    drafts: { key: string; value: Draft };
    statements: { key: string; value: LocalStatement };
    replies: { key: string; value: Reply };
    /** What the person wrote back in their threads (version 5). */
    messages: { key: string; value: LocalMessage };
    /** Each thread's words as last fetched, while they are signed in (version 5). */
    threads: { key: string; value: StoredThread };
  }
}

declare module '../../core/outbox' {
  interface OutboxBodies {
    /** A statement; the item's id is the draft's and the phone's copy's. */
    statement: StatementBody;
    /** "I'm OK now" / "Sent by mistake" about one of their urgent statements. */
    statement_update: StatementUpdateBody;
    /** Written back in a statement's thread; the item's id is the phone's copy's. */
    statement_message: StatementMessageIn;
  }
}

declare module '../../core/pull' {
  interface PullSections {
    /** What the server says of the person's statements, changed since the cursor. */
    statements: StatementState[];
    replies: ReplyState[];
    statement_messages: MessageState[];
  }
}

/** The copy once the server has the statement: marked sent, and without its words, which
 * are now kept by the council (T2). Rows saved before `type` and `urgent` existed take
 * them from the body first. */
export function acknowledged(copy: LocalStatement): LocalStatement {
  return {
    ...copy,
    type: copy.type ?? copy.body?.type ?? null,
    urgent: copy.urgent ?? copy.body?.urgent ?? false,
    body: null,
    sent: true,
  };
}

/** The phone's copy of a statement once the server's state is known. One the phone does
 * not have (written on another phone, or forgotten at sign-out) is kept with no body. */
export function mergeState(
  copy: LocalStatement | undefined,
  state: StatementState,
  owner: string,
  council: string,
): LocalStatement {
  if (copy) {
    const kept = acknowledged(copy);
    return { ...kept, type: kept.type ?? state.type, recipient: kept.recipient ?? state.recipient, server: state };
  }
  return {
    id: state.id,
    owner,
    council,
    type: state.type,
    urgent: state.urgent,
    body: null,
    recipient_label: '',
    recipient: state.recipient,
    created_at: state.received_at,
    sent: true,
    server: state,
  };
}

/** The phone's copy of a message once the server's state is known (never someone else's). */
export async function keepMessage(
  store: { get: (id: string) => Promise<LocalMessage | undefined>; put: (row: LocalMessage) => Promise<unknown> },
  state: MessageState,
  owner: string,
): Promise<void> {
  const copy = await store.get(state.id);
  if (copy && copy.owner !== owner) return;
  await store.put({ id: state.id, owner, statement_id: state.statement_id, text: state.text, created_at: state.written_at, sent: true, server: state });
}

const byId = { keyPath: 'id' };

export const statements = {
  stores: {
    drafts: byId,
    statements: {
      ...byId,
      // Version 3: statements the server already has forget their words (trust.md T2).
      upgrade: async (tx, oldVersion) => {
        if (oldVersion !== 2) return;
        const store = tx.objectStore('statements');
        for (const row of await store.getAll()) {
          if (row.sent) await store.put(acknowledged(row));
        }
      },
    },
    replies: byId,
    messages: byId,
    threads: byId,
  },
  kinds: {
    statement: {
      stores: ['statements'],
      acknowledge: async (tx, item) => {
        const copies = tx.objectStore('statements');
        const copy = await copies.get(item.id);
        if (copy) await copies.put(acknowledged(copy));
      },
    },
    statement_update: {
      stores: ['statements'],
      acknowledge: async (tx, item) => {
        const copies = tx.objectStore('statements');
        const copy = await copies.get(item.body.statement_id);
        if (copy?.update && copy.update.at === item.created_at) await copies.put({ ...copy, update: { ...copy.update, sent: true } });
      },
    },
    statement_message: {
      stores: ['messages'],
      acknowledge: async (tx, item) => {
        const copies = tx.objectStore('messages');
        const copy = await copies.get(item.id);
        if (copy) await copies.put({ ...copy, sent: true });
      },
    },
  },
  pull: {
    statements: {
      stores: ['statements'],
      keep: (tx, states, owner, council) =>
        Promise.all(
          states.map(async (state) => {
            const copy = await tx.objectStore('statements').get(state.id);
            // Ids are made on phones; one owned by someone else here is never overwritten.
            if (copy && copy.owner !== owner) return;
            await tx.objectStore('statements').put(mergeState(copy, state, owner, council));
          }),
        ),
      // Only those the server has: one not yet acknowledged is the only copy of its words.
      forget: async (tx, owner) => {
        const store = tx.objectStore('statements');
        for (const row of await store.getAll()) {
          if (row.owner === owner && row.sent) await store.delete(row.id);
        }
      },
    },
    replies: {
      stores: ['replies'],
      keep: (tx, replies, owner) => Promise.all(replies.map((reply) => tx.objectStore('replies').put({ ...reply, owner }))),
      forget: (tx, owner) => deleteOwned(tx, 'replies', owner),
    },
    statement_messages: {
      // "threads" too: a thread's words go at sign-out with the rest the server keeps.
      stores: ['messages', 'threads'],
      keep: (tx, states, owner) => Promise.all(states.map((state) => keepMessage(tx.objectStore('messages'), state, owner))),
      // Only those the server has: one not yet acknowledged is the only copy of its words.
      forget: async (tx, owner) => {
        const store = tx.objectStore('messages');
        for (const row of await store.getAll()) {
          if (row.owner === owner && row.sent) await store.delete(row.id);
        }
        await deleteOwned(tx, 'threads', owner);
      },
    },
  },
} satisfies Feature;
