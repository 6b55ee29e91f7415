// A text with the words a search matched marked, so a person sees why an item came up.
import { markMatches } from '../lib/search';

export function Marked({ text, terms }: { text: string; terms: ReadonlySet<string> }) {
  return <>{markMatches(text, terms).map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part))}</>;
}
