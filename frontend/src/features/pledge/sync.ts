// What the pledge adds to the core: this phone's answers (store "answers") and the outbox kind
// `pledge_answer` (declared below, so the core types them), and what acknowledging one does:
// the phone's copy is marked sent if it is still this item's (a later answer replaces it).
import type { Feature } from '../../core/features';
import type { PledgeAnswerBody, StoredAnswer } from './answers';

declare module '../../core/db' {
  interface HarbourStores {
    answers: { key: [string, string]; value: StoredAnswer };
  }
  interface MetaValues {
    /** This phone's respondent id (respondentId). */
    respondent: string;
  }
}

declare module '../../core/outbox' {
  interface OutboxBodies {
    /** Anonymous: its owner is null. */
    pledge_answer: PledgeAnswerBody;
  }
}

export const pledge = {
  stores: {
    // Anonymous, so never sealed: a pledge item acknowledged while locked updates it.
    answers: { keyPath: ['council', 'promise'], sealed: false },
  },
  kinds: {
    pledge_answer: {
      stores: ['answers'],
      acknowledge: async (tx, item) => {
        const answers = tx.objectStore('answers');
        const answer = await answers.get([item.body.council, item.body.promise]);
        if (answer?.itemId === item.id) await answers.put({ ...answer, sent: true });
      },
    },
  },
} satisfies Feature;
