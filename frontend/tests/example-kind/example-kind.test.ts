// The example kind registered with the app's features, as register.ts would: its refusals are
// checked by `npm run typecheck` (this folder's tsconfig.json), and the core sends its items,
// acknowledges them, keeps its pull section and forgets it at sign-out, naming no kind.
import '../setup';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { freshDatabase } from '../fresh-database';
import type { PushResult, ReminderSettingsIn, ReminderSettingsOut } from '../../src/api/types';
import { APP_FEATURES } from '../../src/app-features';
import { registerFeatures, type Registry } from '../../src/core/features';
import { listOutbox, PUSH_URL, requestFlush } from '../../src/core/outbox';
import { cursorFor, PULL_URL, pullSettled } from '../../src/core/pull';
import { signedIn, signedOut, signedOutByChoice } from '../../src/core/session';
import { jay } from '../people';
import { changeReminderSettings, readReminderSettings } from './settings';
import { example } from './sync';

// The registration lines: the app's features and the example.
const WITH_EXAMPLE: Registry = {
  stores: { ...APP_FEATURES.stores, ...example.stores },
  kinds: { ...APP_FEATURES.kinds, ...example.kinds },
  pull: { ...APP_FEATURES.pull, ...example.pull },
};

// @ts-expect-error: the app's registry lacks the example's kind, section and store
export const appAlone: Registry = APP_FEATURES;
// @ts-expect-error: a kind without its acknowledge handler does not compile
export const withoutAcknowledge: Registry = { ...WITH_EXAMPLE, kinds: APP_FEATURES.kinds };
// @ts-expect-error: a pull section without its handler does not compile
export const withoutPullHandler: Registry = { ...WITH_EXAMPLE, pull: APP_FEATURES.pull };
// @ts-expect-error: a declared store that is not registered does not compile
export const withoutStore: Registry = { ...WITH_EXAMPLE, stores: APP_FEATURES.stores };

registerFeatures(WITH_EXAMPLE);

const pulled: ReminderSettingsOut = {
  quiet_start: '21:00',
  quiet_end: '08:00',
  kinds: { plan_review: true, health: true, task_due: true, reply: true },
};
const change: ReminderSettingsIn = { quiet_start: '22:00', quiet_end: '07:30', kinds: { health: false } };
const changed = { ...change, kinds: { ...pulled.kinds, health: false }, owner: 'jay' };

type Sent = { id: string; kind: string; body: unknown };

describe('the example kind, reminder_settings', () => {
  let online: boolean;
  let answer: PushResult['status'];
  let sent: Sent[];

  beforeEach(async () => {
    freshDatabase();
    online = true;
    answer = 'accepted';
    sent = [];
    // A fake server: the pull brings the settings; the push answers each item with `answer`.
    mock.method(globalThis, 'fetch', async (url: string, init?: RequestInit) => {
      if (!online) throw new TypeError('Failed to fetch');
      if (url.startsWith(PULL_URL)) return Response.json({ cursor: 7, reminder_settings: pulled });
      assert.equal(url, PUSH_URL);
      const items = JSON.parse(String(init?.body)).items as Sent[];
      sent.push(...items);
      const errors = answer === 'rejected' ? [{ field: 'body.kinds.digest', message: 'No' }] : [];
      return Response.json({ results: items.map(({ id }) => ({ id, status: answer, errors })) });
    });
    await signedIn(jay); // pulls, through the core
    await pullSettled();
  });

  afterEach(async () => {
    await signedOut();
    mock.restoreAll();
  });

  /** Saves a change while offline, and waits for the flush that saving starts to give up. */
  const saveOffline = async (settings: ReminderSettingsIn) => {
    online = false;
    const id = await changeReminderSettings('jay', settings);
    await requestFlush();
    online = true;
    return id;
  };

  it('keeps the pulled section, and forgets it when the person signs out', async () => {
    assert.deepEqual(await readReminderSettings('jay'), { ...pulled, owner: 'jay' });
    assert.equal(await cursorFor('jay'), 7);

    await signedOutByChoice();
    assert.equal(await readReminderSettings('jay'), undefined);
    assert.equal(await cursorFor('jay'), 0);
  });

  for (const status of ['accepted', 'duplicate'] as const) {
    it(`sends a change, and updates the phone's copy once the server has it (${status})`, async () => {
      const id = await saveOffline(change);
      assert.deepEqual((await listOutbox()).map((item) => [item.id, item.kind, item.owner]), [[id, 'reminder_settings', 'jay']]);
      assert.deepEqual(await readReminderSettings('jay'), { ...pulled, owner: 'jay' });

      answer = status;
      await requestFlush();
      assert.deepEqual(sent.map((item) => [item.id, item.kind, item.body]), [[id, 'reminder_settings', change]]);
      assert.deepEqual(await listOutbox(), []);
      assert.deepEqual(await readReminderSettings('jay'), changed);
    });
  }

  for (const status of ['conflict', 'rejected'] as const) {
    it(`keeps a change the server will not take, needing attention, and the copy as it was (${status})`, async () => {
      await saveOffline(change);
      answer = status;
      await requestFlush();
      const [item] = await listOutbox();
      assert.equal(item?.state, 'needs_attention');
      assert.equal(item?.problem, status);
      assert.deepEqual(item?.errors.map((error) => error.field), status === 'rejected' ? ['body.kinds.digest'] : []);
      assert.deepEqual(await readReminderSettings('jay'), { ...pulled, owner: 'jay' });
    });
  }
});
