import './setup';
import '../src/register';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { freshDatabase } from './fresh-database';
import type { MessageState, ReplyState, ThreadOut } from '../src/api/types';
import { database } from '../src/core/db';
import { createItem, listOutbox, PUSH_URL, requestFlush, setCurrentOwner } from '../src/core/outbox';
import { PULL_URL, storePull } from '../src/core/pull';
import { signedIn, signedOut, signOut } from '../src/core/session';
import type { LocalMessage, LocalStatement } from '../src/features/statements/statements';
import {
  fetchThread,
  messageProblem,
  messageTick,
  messagesIn,
  sendMessage,
  statementTick,
  storedThread,
  threadEntries,
  toPa,
} from '../src/features/statements/thread';
import { unseenReplies } from '../src/features/statements/replies-seen';
import { jay } from './people';

const statement = (changes: Partial<LocalStatement> = {}): LocalStatement => ({
  id: 's1',
  owner: 'jay',
  council: 'riverford',
  type: 'feeling',
  urgent: false,
  body: null,
  recipient_label: 'Your personal adviser',
  recipient: 'pa',
  created_at: '2026-12-03T10:00:00.000Z',
  sent: true,
  server: null,
  ...changes,
});

const reply = (id: string, at: string, read_at: string | null = null): ReplyState => ({
  id,
  statement_id: 's1',
  text: `reply ${id}`,
  from: 'Alex',
  created_at: at,
  read_at,
});

const serverMessage = (changes: Partial<MessageState> = {}): MessageState => ({
  id: 'm1',
  statement_id: 's1',
  text: 'Friday works',
  written_at: '2026-12-03T12:00:00Z',
  received_at: '2026-12-03T12:00:05Z',
  read_at: null,
  read_by: null,
  ...changes,
});

const message = (changes: Partial<LocalMessage> = {}): LocalMessage => ({
  id: 'm1',
  owner: 'jay',
  statement_id: 's1',
  text: 'Friday works',
  created_at: '2026-12-03T12:00:00Z',
  sent: true,
  server: null,
  ...changes,
});

const thread = (changes: Partial<ThreadOut> = {}): ThreadOut => ({
  id: 's1',
  type: 'feeling',
  status: 'replied',
  recipient: 'pa',
  recipient_label: 'Your personal adviser',
  urgent: false,
  about: null,
  answers: { feeling: 2, text: 'College is hard' },
  written_at: '2026-12-03T10:00:00Z',
  received_at: '2026-12-03T10:00:02Z',
  read_at: '2026-12-03T10:30:00Z',
  read_by: 'Alex',
  replies: [reply('r1', '2026-12-03T11:00:00Z')],
  messages: [serverMessage()],
  ...changes,
});

describe('a thread in order, with ticks', () => {
  it('puts the statement first, then replies and messages as they were written', () => {
    const entries = threadEntries(
      '2026-12-03T10:00:00Z',
      [reply('r2', '2026-12-03T13:00:00Z'), reply('r1', '2026-12-03T11:00:00Z')],
      [message()],
    );
    assert.deepEqual(
      entries.map((entry) => (entry.kind === 'reply' ? entry.reply.id : entry.kind === 'message' ? entry.message.id : 'statement')),
      ['statement', 'r1', 'm1', 'r2'],
    );
  });

  it('never says "Seen" before someone opened it', () => {
    const waiting = createItem('statement_message', { statement_id: 's1', text: 'hi' }, undefined, 'm1', 'jay');
    assert.deepEqual(messageTick(message({ sent: false }), waiting), { state: 'waiting' });
    assert.deepEqual(messageTick(message({ sent: false }), { ...waiting, state: 'needs_attention' }), { state: 'attention' });
    assert.deepEqual(messageTick(message(), undefined), { state: 'sent' });
    assert.deepEqual(messageTick(message({ server: serverMessage() }), undefined), { state: 'sent' });
    const read = serverMessage({ read_at: '2026-12-03T17:20:00Z', read_by: 'Alex' });
    assert.deepEqual(messageTick(message({ server: read }), undefined), { state: 'seen', by: 'Alex' });

    assert.deepEqual(statementTick(statement({ sent: false }), undefined), { state: 'waiting' });
    assert.deepEqual(statementTick(statement(), undefined), { state: 'sent' });
    const opened = { id: 's1', type: 'feeling', status: 'read', recipient: 'pa', received_at: '', read_at: '', read_by: 'Alex', replied_at: null, urgent: false, young_person_update: null } as const;
    assert.deepEqual(statementTick(statement({ server: opened }), undefined), { state: 'seen', by: 'Alex' });
    assert.deepEqual(statementTick(statement({ server: { ...opened, read_by: null, status: 'done' } }), undefined), { state: 'sent' });
  });

  it('knows when the thread is with their PA, from the phone or the server', () => {
    assert.equal(toPa(statement(), undefined), true);
    assert.equal(toPa(statement({ recipient: 'iro' }), undefined), false);
    assert.equal(toPa(statement({ recipient: undefined }), thread()), true);
    assert.equal(toPa(statement({ recipient: undefined }), undefined), false);
  });

  it('asks the server to mark only replies it has not heard were seen', () => {
    const seen = thread({ replies: [reply('r1', '2026-12-03T11:00:00Z', '2026-12-03T17:20:00Z'), reply('r2', '2026-12-03T12:00:00Z')] });
    assert.deepEqual(unseenReplies(seen.replies), ['r2']);
  });

  it('refuses an empty or too long message', () => {
    assert.equal(messageProblem('  \n'), 'empty');
    assert.equal(messageProblem('x'.repeat(10_001)), 'tooLong');
    assert.equal(messageProblem('OK'), null);
  });
});

describe('a thread on the phone', () => {
  beforeEach(() => {
    freshDatabase();
  });

  afterEach(async () => {
    await signedOut();
    mock.restoreAll();
  });

  const server = (answer: ThreadOut | null) =>
    mock.method(globalThis, 'fetch', async (url: string, init?: RequestInit) => {
      if (String(url).startsWith(PULL_URL)) return new Response(JSON.stringify({ cursor: 0 }));
      if (url === PUSH_URL) {
        const items = JSON.parse(String(init?.body)).items as { id: string }[];
        return new Response(JSON.stringify({ results: items.map((one) => ({ id: one.id, status: 'accepted' })) }));
      }
      if (String(url).startsWith('/api/v1/my-views/') && answer) return new Response(JSON.stringify(answer));
      if (String(url).startsWith('/api/v1/my-views/')) return new Response('{}', { status: 503 });
      return new Response('{}'); // signing out
    });

  it('keeps the fetched words, replies and messages, and reads them back offline', async () => {
    server(thread());
    await signedIn(jay);
    assert.equal((await fetchThread('jay', 's1'))?.answers['text'], 'College is hard');
    mock.restoreAll();
    server(null); // offline now
    assert.equal(await fetchThread('jay', 's1'), undefined);
    assert.equal((await storedThread('jay', 's1'))?.answers['text'], 'College is hard');
    assert.equal(await storedThread('sam', 's1'), undefined); // someone else on this phone
    assert.deepEqual((await messagesIn('jay', 's1')).map((row) => [row.text, row.sent]), [['Friday works', true]]);
    assert.equal((await (await database()).get('replies', 'r1'))?.owner, 'jay');
  });

  it('keeps nothing of a thread that arrives after its person signed out', async () => {
    server(thread());
    await signedIn(jay);
    await signedOut(); // while the thread was on its way
    assert.equal(await fetchThread('jay', 's1'), undefined);
    assert.equal(await storedThread('jay', 's1'), undefined);
    assert.deepEqual(await messagesIn('jay', 's1'), []);
    assert.equal(await (await database()).get('replies', 'r1'), undefined);
  });

  it('writes back through the outbox, and keeps the words once sent', async () => {
    server(null);
    const sent = await sendMessage('jay', 's1', '  Thanks Alex  ');
    const [item] = await listOutbox();
    assert.equal(item?.kind, 'statement_message');
    assert.deepEqual(item?.body, { statement_id: 's1', text: 'Thanks Alex' });
    assert.equal(item?.id, sent.id);
    setCurrentOwner('jay');
    await requestFlush();
    assert.deepEqual(await listOutbox(), []);
    assert.deepEqual((await messagesIn('jay', 's1')).map((row) => [row.text, row.sent]), [['Thanks Alex', true]]);
  });

  it('signing out forgets the thread words and sent messages, not an unsent one', async () => {
    server(thread());
    await signedIn(jay);
    await fetchThread('jay', 's1');
    await storePull('jay', 'riverford', { cursor: 5, statement_messages: [serverMessage({ id: 'm2', text: 'From my other phone' })] });
    const db = await database();
    await db.put('messages', message({ id: 'waiting', sent: false, text: 'Not sent yet' }));
    await db.put('outbox', createItem('statement_message', { statement_id: 's1', text: 'Not sent yet' }, undefined, 'waiting', 'jay'));
    await db.put('threads', { id: 'other', owner: 'sam', thread: thread({ id: 'other' }) });
    assert.equal((await messagesIn('jay', 's1')).length, 3);

    await signOut();

    assert.equal(await storedThread('jay', 's1'), undefined);
    assert.deepEqual((await messagesIn('jay', 's1')).map((row) => row.id), ['waiting']);
    assert.ok(await storedThread('sam', 'other')); // another person's stays locked to them
    assert.doesNotMatch(JSON.stringify(await db.getAll('replies')), /reply r1/);
  });
});
