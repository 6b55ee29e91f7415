// The one list of statement types, shared by the young person's screens and staff's, in the
// order they are offered; `EveryValue` makes the compiler check it against the API's schema.
import type { EveryValue, StatementType } from '../api/types';

const statementTypes = ['meeting', 'feeling', 'problem', 'good_news', 'ask', 'help_now'] as const;
export const STATEMENT_TYPES: EveryValue<StatementType, typeof statementTypes> = statementTypes;
/** The types "My views" offers to write: "I need help now" is its own button, with no
 * questions. */
export const WRITTEN_TYPES = STATEMENT_TYPES.filter((type): type is Exclude<StatementType, 'help_now'> => type !== 'help_now');
export type { StatementType };
