// Every outbox kind, pull section and store a feature declares has its handler. The refusals
// below are checked by `npm run typecheck`: each @ts-expect-error fails the check if the
// compiler ever accepts a registry with a handler missing.
import './setup';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allStores } from '../src/core/db';
import type { Registry } from '../src/core/features';
import { REGISTRY } from '../src/register';

const { statement: _statement, ...kindsWithoutStatement } = REGISTRY.kinds;
const { tasks: _tasks, ...sectionsWithoutTasks } = REGISTRY.pull;
const { replies: _replies, ...storesWithoutReplies } = REGISTRY.stores;

// @ts-expect-error: a kind without its acknowledge handler does not compile
export const withoutAcknowledge: Registry = { ...REGISTRY, kinds: kindsWithoutStatement };
// @ts-expect-error: a pull section without its handler does not compile
export const withoutPullHandler: Registry = { ...REGISTRY, pull: sectionsWithoutTasks };
// @ts-expect-error: a declared store that is not registered does not compile
export const withoutStore: Registry = { ...REGISTRY, stores: storesWithoutReplies };

describe('the registry', () => {
  it('registers every kind, pull section and store the phone has', () => {
    assert.deepEqual(Object.keys(REGISTRY.kinds).sort(), [
      'passport_edit',
      'pledge_answer',
      'statement',
      'statement_message',
      'statement_update',
      'task_create',
      'task_edit',
      'task_note',
    ]);
    assert.deepEqual(Object.keys(REGISTRY.pull).sort(), ['history', 'passport', 'plan', 'replies', 'statement_messages', 'statements', 'tasks']);
    assert.deepEqual(allStores().sort(), [
      'answers',
      'drafts',
      'history',
      'messages',
      'meta',
      'outbox',
      'passport',
      'plans',
      'replies',
      'statements',
      'tasks',
      'threads',
    ]);
  });
});
