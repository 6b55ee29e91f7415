// An invite code just made by "Add a young person", handed to that person's page in memory
// (a code never goes in an address).
import type { Invite } from './types';

let pending: { id: string; invite: Invite } | null = null;

export function handOver(id: string, invite: Invite): void {
  pending = { id, invite };
}

/** The code for this person, once: a reload no longer shows it. */
export function takeInvite(id: string): Invite | null {
  const found = pending?.id === id ? pending.invite : null;
  pending = null;
  return found;
}
