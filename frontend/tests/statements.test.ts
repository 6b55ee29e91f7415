import './setup';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { IDBFactory } from 'fake-indexeddb';
import { closeDatabase, database } from '../src/lib/db';
import { catalogueHas } from './catalogue';
import { createItem, listOutbox, requestFlush, setCurrentOwner } from '../src/lib/outbox';
import { cursorFor, storePull, type PullResponse } from '../src/lib/pull';
import { answersFit, FLOWS, meetingDateOk } from '../src/lib/statement-flows';
import {
  bodyOf,
  getDraft,
  getStatement,
  listDrafts,
  listStatements,
  newDraft,
  progressOf,
  repliesTo,
  saveDraft,
  sendDraft,
  STATEMENT_TYPES,
  tooLong,
  type LocalStatement,
  type ServerState,
} from '../src/lib/statements';

const copy = (changes: Partial<LocalStatement> = {}): LocalStatement => ({
  id: 's1',
  owner: 'jay',
  council: 'riverford',
  body: { type: 'good_news', recipient: 'pa', urgent: false, answers: {}, about: null },
  recipient_label: 'Your personal adviser',
  created_at: '2026-11-23T10:00:00.000Z',
  sent: false,
  server: null,
  ...changes,
});

const state = (changes: Partial<ServerState> = {}): ServerState => ({
  id: 's1',
  status: 'received',
  received_at: '2026-11-23T10:01:00Z',
  read_at: null,
  read_by: null,
  replied_at: null,
  urgent: false,
  ...changes,
});

describe('statement rules', () => {
  it('goes Saved on this phone → Sent → Received → Read by → Replied', () => {
    const item = createItem('statement', copy().body!, undefined, 's1', 'jay');
    assert.deepEqual(progressOf(copy(), item), { state: 'saved' });
    assert.deepEqual(progressOf(copy(), undefined), { state: 'saved' }); // not acknowledged yet
    assert.deepEqual(progressOf(copy({ sent: true }), undefined), { state: 'sent' });
    assert.deepEqual(progressOf(copy({ sent: true, server: state() }), undefined), { state: 'received' });
    const read = state({ status: 'read', read_by: 'Priya', read_at: '2026-11-23T11:00:00Z' });
    assert.deepEqual(progressOf(copy({ server: read }), undefined), { state: 'read', by: 'Priya' });
    const replied = { ...read, status: 'replied' as const, replied_at: '2026-11-23T12:00:00Z' };
    assert.deepEqual(progressOf(copy({ server: replied }), undefined), { state: 'replied' });
    const errors = [{ field: 'body.answers.text', message: 'Too long' }];
    const refused = { ...item, state: 'needs_attention' as const, problem: 'rejected' as const, errors };
    assert.deepEqual(progressOf(copy(), refused), { state: 'attention', errors });
  });

  it('sends only what was answered, trimmed', () => {
    const draft = { ...newDraft('jay', 'riverford', 'feeling'), answers: { feeling: 4, topics: [], text: '  ok \n' } };
    assert.deepEqual(bodyOf(draft).answers, { feeling: 4, text: 'ok' });
    assert.deepEqual(tooLong({ text: 'x'.repeat(10_001), want: 'x'.repeat(10_000) }), ['text']);
  });

  it('takes meeting dates from a month ago to a year ahead', () => {
    const today = new Date(2026, 10, 23);
    assert.equal(meetingDateOk('2026-11-23', today), true);
    assert.equal(meetingDateOk('2026-10-24', today), true);
    assert.equal(meetingDateOk('2026-10-23', today), false);
    assert.equal(meetingDateOk('2027-11-24', today), true);
    assert.equal(meetingDateOk('2027-11-25', today), false);
    assert.equal(meetingDateOk('tomorrow', today), false);
  });

  it('knows when answers would be refused (so a call for help never carries them)', () => {
    assert.equal(answersFit({ text: 'ok', meeting_date: '' }), true);
    assert.equal(answersFit({ text: 'x'.repeat(10_001) }), false);
    assert.equal(answersFit({ meeting_date: '1999-01-01' }), false);
  });

  it('has words for every question and option', () => {
    for (const type of STATEMENT_TYPES) {
      assert.ok(catalogueHas(`views.type.${type}.title`), type);
      for (const question of FLOWS[type].flat()) {
        assert.ok(catalogueHas(`views.q.${type}.${question.name}`), `${type}.${question.name}`);
        if (question.kind === 'radio' || question.kind === 'checkbox') {
          for (const option of question.options) assert.ok(catalogueHas(`views.opt.${question.name}.${option}`), option);
          if (question.other) assert.ok(catalogueHas(`views.q.${type}.${question.other}`), question.other);
        }
      }
    }
  });
});

describe('statements on the phone', () => {
  beforeEach(() => {
    closeDatabase();
    Object.defineProperty(globalThis, 'indexedDB', { value: new IDBFactory(), configurable: true });
  });

  afterEach(() => {
    mock.restoreAll();
    setCurrentOwner(null);
  });

  it("keeps drafts as typed, and never shows one person's to another", async () => {
    const draft = newDraft('jay', 'riverford', 'problem');
    await saveDraft({ ...draft, answers: { text: 'My heating is broken' } });
    assert.equal((await getDraft('jay', draft.id))?.answers['text'], 'My heating is broken');
    assert.equal(await getDraft('sam', draft.id), undefined);
    assert.deepEqual(await listDrafts('sam'), []);
  });

  it('sends a draft: the draft goes, the outbox item keeps its id and the copy is marked sent once acknowledged', async () => {
    const draft = { ...newDraft('jay', 'riverford', 'good_news'), answers: { text: 'I passed!' } };
    await saveDraft(draft);
    await sendDraft(draft, 'Your personal adviser');
    assert.equal(await getDraft('jay', draft.id), undefined);
    const [item] = await listOutbox();
    assert.equal(item?.id, draft.id);
    assert.equal(item?.kind, 'statement');
    assert.equal(item?.owner, 'jay');
    assert.deepEqual(item?.body, { type: 'good_news', recipient: 'pa', urgent: false, answers: { text: 'I passed!' }, about: null });

    const pushed: string[] = [];
    mock.method(globalThis, 'fetch', async (_url: string, init: RequestInit) => {
      const items = JSON.parse(String(init.body)).items as { id: string }[];
      pushed.push(...items.map((one) => one.id));
      return new Response(JSON.stringify({ results: items.map((one) => ({ id: one.id, status: 'accepted' })) }));
    });
    setCurrentOwner('sam'); // someone else signed in: Jay's statement waits
    await requestFlush();
    assert.deepEqual(pushed, []);
    setCurrentOwner('jay');
    await requestFlush();
    assert.deepEqual(pushed, [draft.id]);
    assert.deepEqual(await listOutbox(), []);
    assert.equal((await getStatement('jay', draft.id))?.sent, true);
  });

  it("stores a pull per person: states, replies and the cursor, never over another person's copy", async () => {
    const db = await database();
    await db.put('statements', copy());
    await db.put('statements', copy({ id: 's2', owner: 'sam' }));
    const pulled: PullResponse = {
      cursor: 7,
      statements: [state({ status: 'read', read_by: 'Priya' }), state({ id: 's2' }), state({ id: 's3' })],
      replies: [{ id: 'r1', statement_id: 's1', text: 'Well done!', from: 'Priya', created_at: '2026-11-23T12:00:00Z' }],
    };
    await storePull('jay', 'riverford', pulled);
    assert.equal(await cursorFor('jay'), 7);
    assert.equal(await cursorFor('sam'), 0);
    const jays = await listStatements('jay');
    assert.deepEqual(jays.map((row) => row.id).sort(), ['s1', 's3']);
    assert.equal(jays.find((row) => row.id === 's1')?.server?.read_by, 'Priya');
    assert.equal(jays.find((row) => row.id === 's3')?.body, null); // written on another phone
    assert.equal((await getStatement('sam', 's2'))?.server, null);
    assert.deepEqual((await repliesTo('jay', 's1')).map((reply) => reply.text), ['Well done!']);
    assert.deepEqual(await repliesTo('sam', 's1'), []);
  });
});
