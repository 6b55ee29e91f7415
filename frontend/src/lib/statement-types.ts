// The one list of statement types, shared by the young person's screens and staff's, in the
// order they are offered; `EveryValue` makes the compiler check it against the API's schema.
import type { EveryValue, StatementType } from '../api/types';

const statementTypes = ['meeting', 'feeling', 'problem', 'good_news', 'ask'] as const;
export const STATEMENT_TYPES: EveryValue<StatementType, typeof statementTypes> = statementTypes;
export type { StatementType };
