import './setup';
import '../src/register';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { freshDatabase } from './fresh-database';
import { openDB } from 'idb';
import { allStores, database, getMeta, upgrade } from '../src/core/db';
import {
  BATCH_SIZE,
  PUSH_URL,
  createItem,
  listOutbox,
  nextBatch,
  outcomeOf,
  requestFlush,
  retryDelay,
  sendableBy,
  setCurrentOwner,
  subscribe,
  subscribeSignInNeeded,
  type OutboxItem,
} from '../src/core/outbox';
import type { PushResult } from '../src/api/types';
import { answerStatus, answersFor, saveAnswer, type AnswerInput } from '../src/features/pledge/answers';

const body = { council: 'riverford', promise: 'listen', answer: 'yes' as const, comment: '', respondent: 'r' };

describe('outbox rules', () => {
  it('makes pending, anonymous items with a UUID and a UTC time', () => {
    const item = createItem('pledge_answer', body, new Date('2026-11-23T10:00:00+01:00'));
    assert.match(item.id, /^[0-9a-f-]{36}$/);
    assert.equal(item.created_at, '2026-11-23T09:00:00.000Z');
    assert.equal(item.state, 'pending');
    assert.equal(item.owner, null);
    assert.equal(item.attempts, 0);
  });

  it('sends the oldest pending items first, in batches, never those needing attention', () => {
    const at = (minute: number, state: OutboxItem['state'] = 'pending') => ({
      ...createItem('pledge_answer', body, new Date(Date.UTC(2026, 10, 23, 9, minute))),
      state,
    });
    const items = [at(3), at(1, 'needs_attention'), at(2), at(0)];
    assert.deepEqual(
      nextBatch(items).map((item) => item.created_at.slice(14, 16)),
      ['00', '02', '03'],
    );
    assert.equal(nextBatch(Array.from({ length: 120 }, (_, minute) => at(minute % 60))).length, BATCH_SIZE);
  });

  it('keeps the saving order for items made in the same millisecond', () => {
    mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 10, 23, 9) });
    try {
      const made = Array.from({ length: 5 }, (_, n) => createItem('pledge_answer', { ...body, promise: `p${n}` }));
      const shuffled = [...made].sort((a, b) => a.id.localeCompare(b.id));
      assert.deepEqual(
        nextBatch(shuffled).map((item) => item.body.promise),
        ['p0', 'p1', 'p2', 'p3', 'p4'],
      );
    } finally {
      mock.timers.reset();
    }
  });

  it("sends a person's items only under their own session; anonymous ones under anyone's", () => {
    const anonymous = createItem('pledge_answer', body);
    const jays = createItem('pledge_answer', body, new Date(), crypto.randomUUID(), 'jay');
    const sams = createItem('pledge_answer', body, new Date(), crypto.randomUUID(), 'sam');
    assert.equal(jays.owner, 'jay');
    assert.equal(sendableBy(anonymous, null), true);
    assert.equal(sendableBy(anonymous, 'sam'), true);
    assert.equal(sendableBy(jays, 'jay'), true);
    assert.equal(sendableBy(jays, 'sam'), false);
    assert.equal(sendableBy(jays, null), false);
    const items = [anonymous, jays, sams];
    assert.deepEqual(nextBatch(items, BATCH_SIZE, 'jay').map((item) => item.owner), [null, 'jay']);
    assert.deepEqual(nextBatch(items, BATCH_SIZE, null).map((item) => item.owner), [null]);
  });

  it('removes an item only when the server has it', () => {
    const result = (status: PushResult['status']): PushResult => ({ id: 'x', status });
    assert.deepEqual(outcomeOf(result('accepted')), { action: 'remove' });
    assert.deepEqual(outcomeOf(result('duplicate')), { action: 'remove' });
    assert.deepEqual(outcomeOf({ id: 'x', status: 'conflict' }), {
      action: 'quarantine',
      problem: 'conflict',
      errors: [],
    });
    const errors = [{ field: 'body.answer', message: 'Not an answer' }];
    assert.deepEqual(outcomeOf({ id: 'x', status: 'rejected', errors }), {
      action: 'quarantine',
      problem: 'rejected',
      errors,
    });
    assert.deepEqual(outcomeOf(undefined), { action: 'retry' });
  });

  it('backs off exponentially with jitter, up to about five minutes', () => {
    assert.equal(retryDelay(1, () => 0), 1000);
    assert.equal(retryDelay(1, () => 1), 3000);
    assert.equal(retryDelay(3, () => 1), 9000);
    assert.equal(retryDelay(30, () => 1), 301_000);
  });
});

type Reply = { status: number; results?: (items: { id: string }[]) => PushResult[] };

describe('outbox storage and flushing', () => {
  let online: boolean;
  let replies: Reply[];
  let sent: { id: string; kind: string; created_at: string; body: unknown }[][];

  beforeEach(() => {
    // A fresh, empty database for each test.
    freshDatabase();
    mock.timers.enable({ apis: ['setTimeout'] });
    online = true;
    replies = [];
    sent = [];
    mock.method(globalThis, 'fetch', async (url: string, init: RequestInit) => {
      assert.equal(url, PUSH_URL);
      if (!online) throw new TypeError('Failed to fetch');
      const items = JSON.parse(String(init.body)).items as { id: string; kind: string; created_at: string; body: unknown }[];
      sent.push(items);
      const reply = replies.shift() ?? { status: 200, results: acceptAll };
      return new Response(JSON.stringify({ results: reply.results?.(items) ?? [] }), { status: reply.status });
    });
  });

  afterEach(() => {
    mock.timers.reset();
    mock.restoreAll();
  });

  const acceptAll = (items: { id: string }[]) => items.map(({ id }) => ({ id, status: 'accepted' as const }));
  const answer = (promise: string, value: AnswerInput['answer'] = 'yes'): AnswerInput => ({
    council: 'riverford',
    promise,
    answer: value,
    comment: '',
  });
  /** Saves while offline, and waits for the flush that saving starts to give up. */
  const saveOffline = async (input: AnswerInput) => {
    online = false;
    const stored = await saveAnswer(input);
    await requestFlush();
    online = true;
    return stored;
  };

  it('keeps a saved answer in the outbox and on the phone, until the server has it', async () => {
    const stored = await saveOffline(answer('listen'));
    const [item] = await listOutbox();
    assert.ok(item);
    assert.equal(item.id, stored.itemId);
    assert.ok(item.attempts >= 1);
    assert.deepEqual(item.body, { ...answer('listen'), respondent: await getMeta('respondent') });
    assert.equal(answerStatus(stored, item), 'pending');

    await requestFlush();
    assert.deepEqual(await listOutbox(), []);
    const [saved] = await answersFor('riverford');
    assert.ok(saved);
    assert.equal(saved.sent, true);
    assert.equal(answerStatus(saved, undefined), 'sent');
    assert.deepEqual(sent.at(-1)?.map(({ id, kind }) => [id, kind]), [[stored.itemId, 'pledge_answer']]);
  });

  it('makes a changed answer a new item with a new id', async () => {
    const first = await saveOffline(answer('listen', 'yes'));
    const second = await saveOffline(answer('listen', 'no'));
    assert.notEqual(first.itemId, second.itemId);
    assert.equal((await listOutbox()).length, 2);
    assert.equal((await answersFor('riverford'))[0]?.answer, 'no');
  });

  it('quarantines conflicts and rejections without holding back the rest', async () => {
    await saveOffline(answer('a'));
    await saveOffline(answer('b'));
    await saveOffline(answer('c'));
    const errors = [{ field: 'body.promise', message: 'No such promise' }];
    replies.push({
      status: 200,
      results: ([a, b, c]) => [
        { id: a!.id, status: 'conflict' },
        { id: b!.id, status: 'rejected', errors },
        { id: c!.id, status: 'duplicate' },
      ],
    });
    await requestFlush();
    const left = await listOutbox();
    assert.deepEqual(
      left.map((item) => [item.kind === 'pledge_answer' && item.body.promise, item.state, item.problem]),
      [
        ['a', 'needs_attention', 'conflict'],
        ['b', 'needs_attention', 'rejected'],
      ],
    );
    assert.deepEqual(left[1]?.errors, errors);

    // Items needing attention are not sent again.
    await requestFlush();
    assert.equal((await listOutbox()).length, 2);
    assert.equal(sent.length, 1);
  });

  it('keeps everything on 401, 403, 422, 429 and 5xx, and retries after a back-off', async () => {
    await saveOffline(answer('a'));
    for (const status of [401, 403, 422, 429, 503]) {
      replies.push({ status });
      await requestFlush();
      assert.equal((await listOutbox()).length, 1, String(status));
    }
    const before = sent.length;
    mock.timers.tick(10 * 60_000);
    await new Promise((resolve) => setImmediate(resolve));
    await requestFlush();
    assert.ok(sent.length > before);
    assert.deepEqual(await listOutbox(), []);
  });

  it("never sends another person's items, and sends the signed-in person's", async () => {
    const db = await database();
    const anonymous = createItem('pledge_answer', body);
    const jays = createItem('pledge_answer', { ...body, promise: 'jay' }, new Date(), crypto.randomUUID(), 'jay-id');
    const sams = createItem('pledge_answer', { ...body, promise: 'sam' }, new Date(), crypto.randomUUID(), 'sam-id');
    for (const item of [anonymous, jays, sams]) await db.put('outbox', item);

    setCurrentOwner('jay-id');
    await requestFlush();
    setCurrentOwner(null);
    assert.deepEqual(sent.flat().map((item) => item.id).sort(), [anonymous.id, jays.id].sort());
    assert.deepEqual((await listOutbox()).map((item) => item.owner), ['sam-id']);
  });

  it('on 401 keeps every item and asks for a sign-in, until one succeeds', async () => {
    const needed: boolean[] = [];
    const stop = subscribeSignInNeeded((value) => needed.push(value));
    const db = await database();
    const jays = createItem('pledge_answer', body, new Date(), crypto.randomUUID(), 'jay-id');
    await db.put('outbox', jays);
    setCurrentOwner('jay-id');
    replies.push({ status: 401 });
    await requestFlush();
    assert.deepEqual((await listOutbox()).map((item) => item.id), [jays.id]);
    assert.equal(needed.at(-1), true);

    setCurrentOwner('jay-id'); // signed in again
    assert.equal(needed.at(-1), false);
    await requestFlush();
    assert.deepEqual(await listOutbox(), []);
    setCurrentOwner(null);
    stop();
  });

  it('sends the CSRF token when signed in', async () => {
    const cookie = 'harbour_csrf=token-123; other=1';
    Object.defineProperty(globalThis, 'document', { value: { cookie }, configurable: true });
    try {
      await saveOffline(answer('a'));
      let headers: Record<string, string> = {};
      mock.method(globalThis, 'fetch', async (_url: string, init: RequestInit) => {
        headers = init.headers as Record<string, string>;
        const items = JSON.parse(String(init.body)).items as { id: string }[];
        return new Response(JSON.stringify({ results: acceptAll(items) }), { status: 200 });
      });
      await requestFlush();
      assert.equal(headers['X-CSRF-Token'], 'token-123');
    } finally {
      Reflect.deleteProperty(globalThis, 'document');
    }
  });

  it('sends in batches of at most 50', async () => {
    for (let n = 0; n < 120; n += 1) await saveOffline(answer(`p${n}`));
    await requestFlush();
    assert.deepEqual(await listOutbox(), []);
    assert.ok(sent.every((batch) => batch.length <= 50));
    assert.equal(new Set(sent.flat().map((item) => item.id)).size, 120);
  });

  it('tells subscribers what the outbox holds', async () => {
    const seen: number[] = [];
    const unsubscribe = subscribe((items) => seen.push(items.length));
    await saveOffline(answer('a'));
    await requestFlush();
    unsubscribe();
    assert.equal(seen[0], 0);
    assert.ok(seen.includes(1));
    assert.equal(seen.at(-1), 0);
  });
});

describe('database upgrades', () => {
  it('keep the outbox and what is in it', async () => {
    freshDatabase();
    const db = await database();
    await db.put('outbox', createItem('pledge_answer', body));
    // Running the upgrade again (as a later version would) creates nothing and deletes nothing.
    await upgrade(db as never, 4, undefined as never);
    assert.deepEqual([...db.objectStoreNames].sort(), allStores().sort());
    assert.equal((await listOutbox()).length, 1);
  });

  it('to version 5 add the plan, passport and thread stores, and never recreate the outbox', async () => {
    freshDatabase();
    const old = await openDB('harbour', 3, {
      upgrade: (db) => {
        db.createObjectStore('meta');
        db.createObjectStore('answers', { keyPath: ['council', 'promise'] });
        for (const name of ['outbox', 'drafts', 'statements', 'replies']) db.createObjectStore(name, { keyPath: 'id' });
      },
    });
    const waiting = createItem('statement', { type: 'ask', recipient: 'pa', urgent: false, answers: { text: 'Hi' }, about: null }, undefined, 'w1', 'jay');
    await old.put('outbox', waiting);
    old.close();

    const db = await database();
    assert.equal(db.version, 5);
    assert.deepEqual([...db.objectStoreNames].sort(), allStores().sort());
    assert.deepEqual(await listOutbox(), [waiting]);
    assert.equal(db.transaction('tasks').store.keyPath, 'id');
    assert.equal(db.transaction('plans').store.keyPath, 'owner');
    assert.equal(db.transaction('passport').store.keyPath, 'owner');
    assert.equal(db.transaction('history').store.keyPath, 'op_id');
    assert.equal(db.transaction('messages').store.keyPath, 'id');
    assert.equal(db.transaction('threads').store.keyPath, 'id');
  });
});
