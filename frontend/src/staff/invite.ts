// An invite code just made by "Add a young person", handed to that person's page in memory
// (a code never goes in an address).
import type { InviteOut } from '../api/types';

let pending: { id: string; invite: InviteOut } | null = null;

export function handOver(id: string, invite: InviteOut): void {
  pending = { id, invite };
}

/** The code for this person, once: a reload no longer shows it. */
export function takeInvite(id: string): InviteOut | null {
  const found = pending?.id === id ? pending.invite : null;
  pending = null;
  return found;
}
