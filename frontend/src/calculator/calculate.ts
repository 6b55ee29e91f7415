// The calculator's arithmetic, as a pocket calculator does it: each operator works on the
// result so far (2 + 3 × 4 = 20). Pure, so Node tests can run it.

export type Operator = '+' | '-' | '*' | '/';
export type Key = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | Operator | '=' | 'C';

export interface Calculation {
  /** What the display shows. */
  shown: string;
  /** The result so far, waiting for the next number. */
  stored: number | null;
  operator: Operator | null;
  /** The next digit starts a new number. */
  fresh: boolean;
}

export const CLEAR: Calculation = { shown: '0', stored: null, operator: null, fresh: true };
const ERROR = 'Error';
const LONGEST = 12;

const OPERATORS: readonly Key[] = ['+', '-', '*', '/'];

function isOperator(key: Key): key is Operator {
  return OPERATORS.includes(key);
}

export function press(state: Calculation, key: Key): Calculation {
  if (key === 'C') return CLEAR;
  if (state.shown === ERROR) state = CLEAR;
  if (key === '=') return { shown: show(apply(state)), stored: null, operator: null, fresh: true };
  if (!isOperator(key)) return typed(state, key);
  if (state.fresh && state.operator) return { ...state, operator: key }; // a second operator replaces the first
  const value = apply(state);
  return { shown: show(value), stored: value, operator: key, fresh: true };
}

function typed(state: Calculation, key: string): Calculation {
  const before = state.fresh ? '0' : state.shown;
  if (key === '.' && before.includes('.')) return { ...state, shown: before, fresh: false };
  if (before.replace(/[-.]/g, '').length >= LONGEST) return state;
  const shown = before === '0' && key !== '.' ? key : before + key;
  return { ...state, shown, fresh: false };
}

/** The result of the stored number, the operator and the number shown. */
function apply({ shown, stored, operator }: Calculation): number {
  const current = Number(shown);
  if (stored === null || operator === null) return current;
  if (operator === '+') return stored + current;
  if (operator === '-') return stored - current;
  if (operator === '*') return stored * current;
  return stored / current;
}

/** Twelve significant figures at most, so 0.1 + 0.2 shows 0.3. */
function show(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(LONGEST))) : ERROR;
}
