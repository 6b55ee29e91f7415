import './setup';
import '../src/register';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { freshDatabase } from './fresh-database';
import { openDB } from 'idb';
import { allStores, database, getMeta } from '../src/core/db';
import { catalogueHas } from './catalogue';
import { jay } from './people';
import { createItem, listOutbox, PUSH_URL, requestFlush, setCurrentOwner } from '../src/core/outbox';
import { cursorFor, PULL_URL, storePull, type PullResponse } from '../src/core/pull';
import type { StatementState } from '../src/api/types';
import { signedIn, signedOut, signOut } from '../src/core/session';
import { deleteEverything, isPublicCache, unsentOnThisPhone } from '../src/core/this-phone';
import { FLOWS } from '../src/features/statements/flows';
import { recipientName, recipientText } from '../src/features/statements/text';
import { getDraft, listStatements, repliesTo, saveDraft } from '../src/features/statements/pages';
import { helpState, tellPa, updateOf } from '../src/features/statements/help';
import {
  answersFit,
  bodyOf,
  getStatement,
  listDrafts,
  meetingDateOk,
  newDraft,
  progressOf,
  sendDraft,
  tooLong,
  type Answers,
  type LocalStatement,
} from '../src/features/statements/statements';
import { STATEMENT_TYPES } from '../src/lib/statement-types';

const copy = (changes: Partial<LocalStatement> = {}): LocalStatement => ({
  id: 's1',
  owner: 'jay',
  council: 'riverford',
  type: 'good_news',
  urgent: false,
  body: { type: 'good_news', recipient: 'pa', urgent: false, answers: {}, about: null },
  recipient_label: 'Your personal adviser',
  created_at: '2026-11-23T10:00:00.000Z',
  sent: false,
  server: null,
  ...changes,
});

const state = (changes: Partial<StatementState> = {}): StatementState => ({
  id: 's1',
  status: 'received',
  recipient: 'pa',
  received_at: '2026-11-23T10:01:00Z',
  read_at: null,
  read_by: null,
  replied_at: null,
  urgent: false,
  type: 'good_news',
  young_person_update: null,
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

  it('says "Waiting to send" until the statement has gone, and "Sent to" after', () => {
    assert.equal(recipientText(copy(), { state: 'saved' }, 'Alex'), 'Waiting to send to Alex');
    assert.equal(recipientText(copy(), { state: 'saved' }, null), 'Waiting to send to your PA');
    const toTeam = copy({ recipient_label: 'Leaving care team', body: { ...copy().body!, recipient: 'team' } });
    assert.equal(recipientText(toTeam, { state: 'attention', errors: [] }), 'Not sent to Leaving care team');
    assert.equal(recipientText(copy({ sent: true }), { state: 'sent' }), 'Sent to: Your personal adviser');
    assert.equal(recipientText(copy({ body: null }), { state: 'read', by: 'Priya' }), 'Sent to: Your personal adviser');
    assert.equal(recipientText(copy({ sent: true }), { state: 'sent' }, 'Alex'), 'Sent to Alex');
    assert.equal(recipientText(copy({ body: null, recipient: 'pa' }), { state: 'read', by: 'Alex' }, 'Alex'), 'Sent to Alex');
    assert.equal(recipientText({ ...toTeam, sent: true }, { state: 'sent' }, 'Alex'), 'Sent to: Leaving care team');
    assert.equal(recipientName({ key: 'pa', label: 'Your personal adviser' }, 'Alex'), 'Alex, your personal adviser');
    assert.equal(recipientName({ key: 'pa', label: 'Your personal adviser' }, null), 'Your personal adviser');
    assert.equal(recipientName({ key: 'iro', label: 'Your IRO' }, 'Alex'), 'Your IRO');
  });

  it('a call for help reads Waiting to send → Sent → Seen by → replied', () => {
    const help = copy({ type: 'help_now', urgent: true });
    const item = createItem('statement', help.body!, undefined, 's1', 'jay');
    assert.deepEqual(helpState(progressOf(help, item), help, []), { state: 'waiting' });
    assert.deepEqual(helpState({ state: 'sent' }, help, []), { state: 'sent' });
    const received = copy({ sent: true, server: state() });
    assert.deepEqual(helpState(progressOf(received, undefined), received, []), { state: 'sent' });
    const read = copy({ server: state({ status: 'read', read_by: 'Alex', read_at: '2026-11-23T17:20:00Z' }) });
    assert.deepEqual(helpState(progressOf(read, undefined), read, []), { state: 'seen', by: 'Alex', at: '2026-11-23T17:20:00Z' });
    const reply = { id: 'r1', statement_id: 's1', text: 'Calling you now', from: 'Alex', created_at: '2026-11-23T17:21:00Z', owner: 'jay' };
    assert.deepEqual(helpState(progressOf(read, undefined), read, [reply]), { state: 'replied', replies: [reply] });
  });

  it("knows what was told, from the phone's own note or else from the server", () => {
    assert.equal(updateOf(copy()), null);
    const told = { said: 'ok_now' as const, at: '2026-11-23T17:32:00Z' };
    assert.deepEqual(updateOf(copy({ server: state({ young_person_update: told }) })), { ...told, sent: true });
    const mine = { said: 'by_mistake' as const, at: '2026-11-23T17:40:00Z', sent: false };
    assert.deepEqual(updateOf(copy({ update: mine, server: state({ young_person_update: told }) })), mine);
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
    assert.deepEqual(FLOWS.help_now, []); // "I need help now" asks nothing
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
    freshDatabase();
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

  it('"I\'m OK now" waits in the outbox with the note on the copy, goes once, then reads as sent', async () => {
    const help = { ...newDraft('jay', 'riverford', 'help_now'), urgent: true };
    const sent = await sendDraft(help, 'Alex');
    const told = await tellPa(sent, 'ok_now');
    assert.deepEqual(told.update, { said: 'ok_now', at: told.update?.at, sent: false });
    const waiting = await listOutbox();
    assert.deepEqual(
      waiting.map((item) => [item.kind, item.owner, item.body]),
      [
        ['statement', 'jay', { type: 'help_now', recipient: 'pa', urgent: true, answers: {}, about: null }],
        ['statement_update', 'jay', { statement_id: help.id, said: 'ok_now' }],
      ],
    );
    const pushed: string[] = [];
    mock.method(globalThis, 'fetch', async (_url: string, init: RequestInit) => {
      const items = JSON.parse(String(init.body)).items as { id: string; kind: string }[];
      pushed.push(...items.map((one) => one.kind));
      return new Response(JSON.stringify({ results: items.map((one) => ({ id: one.id, status: 'accepted' })) }));
    });
    setCurrentOwner('jay');
    await requestFlush();
    await requestFlush();
    assert.deepEqual(pushed, ['statement', 'statement_update']); // in order, each once
    assert.deepEqual(await listOutbox(), []);
    const copyNow = await getStatement('jay', help.id);
    assert.equal(copyNow?.sent, true);
    assert.equal(copyNow?.update?.sent, true);
  });

  it("stores a pull per person: states, replies and the cursor, never over another person's copy", async () => {
    const db = await database();
    await db.put('statements', copy());
    await db.put('statements', copy({ id: 's2', owner: 'sam' }));
    const pulled: PullResponse = {
      cursor: 7,
      statements: [
        state({ status: 'read', read_by: 'Priya' }),
        state({ id: 's2' }),
        state({ id: 's3' }),
        state({ id: 's4', type: 'ask' }),
      ],
      replies: [{ id: 'r1', statement_id: 's1', text: 'Well done!', from: 'Priya', created_at: '2026-11-23T12:00:00Z' }],
    };
    await storePull('jay', 'riverford', pulled);
    assert.equal(await cursorFor('jay'), 7);
    assert.equal(await cursorFor('sam'), 0);
    const jays = await listStatements('jay');
    assert.deepEqual(jays.map((row) => row.id).sort(), ['s1', 's3', 's4']);
    const s1 = jays.find((row) => row.id === 's1');
    assert.equal(s1?.server?.read_by, 'Priya');
    assert.equal(s1?.body, null); // the server has it: its words leave the phone
    assert.equal(s1?.type, 'good_news');
    assert.equal(jays.find((row) => row.id === 's3')?.body, null); // written on another phone
    assert.equal(jays.find((row) => row.id === 's3')?.type, 'good_news'); // the pull says what it was
    assert.equal(jays.find((row) => row.id === 's4')?.type, 'ask');
    assert.equal((await getStatement('sam', 's2'))?.server, null);
    assert.deepEqual((await repliesTo('jay', 's1')).map((reply) => reply.text), ['Well done!']);
    assert.deepEqual(await repliesTo('sam', 's1'), []);
  });
});

/** Every value in every store, as one string: what someone with devtools could read. */
async function everythingStored(): Promise<string> {
  const db = await database();
  const all = await Promise.all(allStores().map((name) => db.getAll(name)));
  return JSON.stringify(all);
}

const acceptAll = () =>
  mock.method(globalThis, 'fetch', async (url: string, init?: RequestInit) => {
    if (String(url).startsWith(PULL_URL)) return new Response(JSON.stringify({ cursor: 0, statements: [], replies: [] }));
    if (url !== PUSH_URL) return new Response('{}'); // signing out
    const items = JSON.parse(String(init?.body)).items as { id: string; body: { answers: { text?: string } } }[];
    const refused = (one: (typeof items)[number]) => one.body.answers.text === 'refuse me';
    return new Response(
      JSON.stringify({
        results: items.map((one) =>
          refused(one)
            ? { id: one.id, status: 'rejected', errors: [{ field: 'body.answers.text', message: 'No' }] }
            : { id: one.id, status: 'accepted' },
        ),
      }),
    );
  });

describe('what stays on the phone (trust.md T2)', () => {
  beforeEach(() => {
    freshDatabase();
  });

  afterEach(async () => {
    await signedOut();
    mock.restoreAll();
  });

  it('forgets the words of a statement the server has, and keeps those of one it refused', async () => {
    const good = { ...newDraft('jay', 'riverford', 'problem'), urgent: true, answers: { text: 'My landlord shouts at me' } };
    const bad = { ...newDraft('jay', 'riverford', 'ask'), answers: { text: 'refuse me' } };
    await sendDraft(good, 'Your personal adviser');
    await sendDraft(bad, 'Your personal adviser');
    assert.match(await everythingStored(), /My landlord shouts at me/); // until the server has it
    acceptAll();
    setCurrentOwner('jay');
    await requestFlush();

    const kept = await getStatement('jay', good.id);
    assert.deepEqual(kept, {
      id: good.id,
      owner: 'jay',
      council: 'riverford',
      type: 'problem',
      urgent: true,
      body: null,
      recipient_label: 'Your personal adviser',
      recipient: 'pa',
      created_at: kept?.created_at,
      sent: true,
      server: null,
    });
    assert.doesNotMatch(await everythingStored(), /landlord/);
    assert.equal((await getStatement('jay', bad.id))?.body?.answers['text'], 'refuse me');
    assert.equal((await listOutbox())[0]?.state, 'needs_attention');
  });

  it('upgrading from version 2 forgets the words of statements already sent', async () => {
    const old = await openDB('harbour', 2, {
      upgrade: (db) => {
        db.createObjectStore('meta');
        db.createObjectStore('answers', { keyPath: ['council', 'promise'] });
        for (const name of ['outbox', 'drafts', 'statements', 'replies']) db.createObjectStore(name, { keyPath: 'id' });
      },
    });
    const { type: _type, urgent: _urgent, ...version2 } = copy();
    const body = (answers: Answers, urgent = false) => ({ ...version2.body!, urgent, answers });
    await old.put('statements', { ...version2, id: 'sent', sent: true, body: body({ text: 'secret' }, true) });
    await old.put('statements', { ...version2, id: 'waiting', body: body({ text: 'still mine' }) });
    old.close();

    const sent = await getStatement('jay', 'sent');
    assert.equal(sent?.body, null);
    assert.equal(sent?.type, 'good_news');
    assert.equal(sent?.urgent, true);
    assert.equal((await getStatement('jay', 'waiting'))?.body?.answers['text'], 'still mine');
  });

  it("signing out forgets the person's sent statements, replies and cursor; not drafts, unsent or others'", async () => {
    const db = await database();
    await db.put('statements', copy({ sent: true, body: null }));
    await db.put('statements', copy({ id: 'unsent' })); // in the outbox
    await db.put('outbox', createItem('statement', copy().body!, undefined, 'unsent', 'jay'));
    await db.put('statements', copy({ id: 'sams', owner: 'sam', sent: true, body: null }));
    await saveDraft(newDraft('jay', 'riverford', 'feeling'));
    await storePull('jay', 'riverford', {
      cursor: 9,
      statements: [],
      replies: [{ id: 'r1', statement_id: 's1', text: 'See you Monday', from: 'Priya', created_at: '2026-11-23T12:00:00Z' }],
    });
    await storePull('sam', 'riverford', { cursor: 4, statements: [], replies: [] });
    acceptAll();
    await signedIn(jay);

    await signedOut(); // the session expired (a 401): nothing is forgotten
    assert.equal((await listStatements('jay')).length, 2);
    assert.equal((await repliesTo('jay', 's1')).length, 1);

    await signedIn(jay);
    await signOut();
    assert.deepEqual((await listStatements('jay')).map((row) => row.id), ['unsent']);
    assert.deepEqual(await repliesTo('jay', 's1'), []);
    assert.equal(await cursorFor('jay'), 0);
    assert.equal((await listDrafts('jay')).length, 1);
    assert.equal((await listOutbox()).length, 1);
    assert.equal((await listStatements('sam')).length, 1);
    assert.equal(await cursorFor('sam'), 4);
    assert.equal(await getMeta('person'), undefined); // and who it was, with their PA's name
  });

  it('an expired session forgets who was signed in, with their PA\'s name', async () => {
    acceptAll();
    await signedIn(jay);
    assert.equal((await getMeta('person'))?.pa_first_name, 'Alex');
    await signedOut();
    assert.equal(await getMeta('person'), undefined);
  });

  it('"delete everything" empties every store, and keeps only public caches', async () => {
    await saveDraft(newDraft('jay', 'riverford', 'feeling'));
    await sendDraft(newDraft('sam', 'riverford', 'ask'), 'Your personal adviser');
    await storePull('jay', 'riverford', { cursor: 3, statements: [state()], replies: [] });
    assert.deepEqual(await unsentOnThisPhone(), { drafts: 1, unsent: 1 });
    await deleteEverything();
    assert.equal(await everythingStored(), JSON.stringify(allStores().map(() => [])));
    assert.equal(isPublicCache('workbox-precache-v2-https://harbour.example/'), true);
    assert.equal(isPublicCache('harbour-content'), true);
    assert.equal(isPublicCache('harbour-views'), false);
  });
});
