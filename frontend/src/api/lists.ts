// The API's enums that both sides' screens list, in the order they show them. Each is checked
// against the generated schema: a value the API adds or drops stops the build until it is here.
import type { EveryValue, StatementType } from './types';

const statementTypes = ['meeting', 'feeling', 'problem', 'good_news', 'ask'] as const;
export const STATEMENT_TYPES: EveryValue<StatementType, typeof statementTypes> = statementTypes;
