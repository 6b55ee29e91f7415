// The help button in the top bar of every young person's page (components/Layout.tsx), away
// from any "Next" a thumb is reaching for. A statement's steps lend it the draft being
// written, so help sent from there carries what the young person has said so far.
import { useEffect, useState } from 'preact/hooks';
import { HelpButton } from './HelpButton';
import type { Draft } from './statements';

let lent: Draft | undefined;
const listeners = new Set<(draft: Draft | undefined) => void>();

function lend(draft: Draft | undefined): void {
  lent = draft;
  for (const listener of listeners) listener(draft);
}

/** Called by the page showing `draft`'s steps; the loan ends when the page goes. */
export function useLendDraftToHelp(draft: Draft): void {
  useEffect(() => lend(draft), [draft]);
  useEffect(() => () => lend(undefined), []);
}

export function TopBarHelp({ slug }: { slug: string }) {
  const [draft, setDraft] = useState(lent);
  useEffect(() => {
    listeners.add(setDraft);
    return () => {
      listeners.delete(setDraft);
    };
  }, []);
  return <HelpButton slug={slug} draft={draft} />;
}
