// The signed-in young person's health passport as pages show it: the phone's copy with the
// changes waiting in the outbox on top, read again whenever either changes.
import type { FieldEditOut } from '../../api/types';
import { usePhoneCopy } from '../../core/phone-copy';
import { readPassport, shownPassport, type ShownPassport } from './passport';

export interface MyPassport extends ShownPassport {
  history: FieldEditOut[];
}

export function useMyPassport(owner: string): MyPassport | null {
  const [copy, outbox] = usePhoneCopy(owner, readPassport);
  if (!copy || !outbox) return null;
  return { ...shownPassport(copy.passport, outbox, owner), history: copy.history };
}
