// Telling the server which replies the young person has seen (staff then see "Seen at
// 17:20", and their inbox stops counting them). Small and apart from thread.ts, because the
// help screen, in the main bundle, shows replies too.
import { useEffect } from 'preact/hooks';
import type { ReplyState } from '../../api/types';
import { send } from '../../core/api';
import { refreshInboxCount } from '../../lib/inbox-count';

export const threadPaths = {
  one: (id: string) => `/api/v1/my-views/statements/${encodeURIComponent(id)}`,
  seen: (id: string) => `/api/v1/my-views/statements/${encodeURIComponent(id)}/seen`,
};

export function unseenReplies(replies: readonly Pick<ReplyState, 'id' | 'read_at'>[]): string[] {
  return replies.filter((reply) => !reply.read_at).map((reply) => reply.id);
}

/** Once replies are on screen, tells the server the ones it has not heard were seen (online
 * only; opening the screen online again tells it later). Run again as new replies show. */
export function useRepliesSeen(statementId: string, shown: readonly Pick<ReplyState, 'id' | 'read_at'>[] | undefined): void {
  const unseen = shown ? unseenReplies(shown).join(' ') : '';
  useEffect(() => {
    if (!unseen || !navigator.onLine) return;
    void markSeen(statementId, unseen.split(' ')).catch(() => undefined);
  }, [statementId, unseen]);
}

/** Tells the server the person has seen these replies (staff then see "Seen at 17:20").
 * A direct call, not the outbox: it only matters while the server can be told, and opening
 * the thread online again tells it then. */
async function markSeen(statementId: string, replyIds: string[]): Promise<void> {
  if (replyIds.length === 0) return;
  await send('POST', threadPaths.seen(statementId), { reply_ids: replyIds });
  refreshInboxCount(); // the server marked their inbox items seen too
}
