import './setup';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import en from '../src/messages/en.json';
import staff from '../src/messages/staff.en.json';
import { safeOpenPath } from '../src/core/open-path';
import { subscriptionBody } from '../src/core/push';
import {
  base64UrlBytes,
  groupInbox,
  isIos,
  isStandalone,
  phoneState,
  quietProblems,
} from '../src/lib/reminders';
import type { InboxItem } from '../src/api/types';
import {
  BODIES,
  FALLBACK_BODY,
  notificationFor,
  openFromNotification,
  TITLE,
  type ClientsLike,
  type WindowLike,
} from '../../service-worker/notify';

const ORIGIN = 'https://harbour.example';

describe('safeOpenPath', () => {
  it('keeps paths inside Harbour', () => {
    assert.equal(safeOpenPath('/c/riverford/inbox/abc', ORIGIN), '/c/riverford/inbox/abc');
    assert.equal(safeOpenPath('/staff/inbox/1?x=1#top', ORIGIN), '/staff/inbox/1?x=1#top');
  });

  it('refuses other sites and anything that is not a path', () => {
    for (const open of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      'c/riverford',
      '',
      null,
      42,
      { open: '/' },
      `/${'a'.repeat(1000)}`,
    ]) {
      assert.equal(safeOpenPath(open, ORIGIN), null, String(open));
    }
  });
});

describe('the notification a push shows', () => {
  it('uses the generic words the server sent, its tag and path', () => {
    const text = JSON.stringify({ title: 'Harbour', body: 'You have a new message', open: '/c/riverford/inbox/7', tag: 'reply' });
    assert.deepEqual(notificationFor(text, ORIGIN), {
      title: 'Harbour',
      options: { body: 'You have a new message', tag: 'reply', data: { open: '/c/riverford/inbox/7' } },
    });
  });

  it('never shows anything outside the allow-list, nor opens another site', () => {
    const text = JSON.stringify({ title: 'Jay', body: 'Your dental check is on Monday', open: 'https://evil.example', tag: 'a b' });
    const shown = notificationFor(text, ORIGIN);
    assert.equal(shown.title, TITLE);
    assert.equal(shown.options.body, FALLBACK_BODY);
    assert.equal(shown.options.tag, 'harbour');
    assert.equal(shown.options.data.open, '/');
  });

  it('still shows one (generic) when the payload is missing or unreadable', () => {
    for (const text of [null, '', 'not json', '[1,2]', 'null']) {
      const shown = notificationFor(text, ORIGIN);
      assert.equal(shown.title, TITLE);
      assert.equal(shown.options.body, FALLBACK_BODY);
      assert.equal(shown.options.data.open, '/');
    }
  });

  it('says nothing personal in any text it can show', () => {
    for (const body of [...BODIES, FALLBACK_BODY]) assert.match(body, /^You have an? [a-z ]+$/);
  });
});

function fakeClients(urls: string[]) {
  const calls: string[] = [];
  const windows: WindowLike[] = urls.map((url) => ({
    url,
    focus: async () => calls.push(`focus ${url}`),
    navigate: async (to: string) => calls.push(`navigate ${url} -> ${to}`),
  }));
  const clients: ClientsLike = {
    matchAll: async () => windows,
    openWindow: async (url: string) => calls.push(`open ${url}`),
  };
  return { clients, calls };
}

describe('tapping a notification', () => {
  it("shows Harbour's open window and moves it to the notification's screen", async () => {
    const { clients, calls } = fakeClients(['https://other.example/', `${ORIGIN}/c/riverford`]);
    await openFromNotification({ open: '/c/riverford/inbox/7' }, clients, ORIGIN);
    assert.deepEqual(calls, [`focus ${ORIGIN}/c/riverford`, `navigate ${ORIGIN}/c/riverford -> /c/riverford/inbox/7`]);
  });

  it('opens a new window when none is open, and only ever a path in Harbour', async () => {
    const { clients, calls } = fakeClients([]);
    await openFromNotification({ open: '/staff/inbox/3' }, clients, ORIGIN);
    await openFromNotification({ open: 'https://evil.example/' }, clients, ORIGIN);
    await openFromNotification(null, clients, ORIGIN);
    assert.deepEqual(calls, ['open /staff/inbox/3', 'open /', 'open /']);
  });

  it('still navigates when focusing is refused', async () => {
    const calls: string[] = [];
    const clients: ClientsLike = {
      matchAll: async () => [
        { url: `${ORIGIN}/`, focus: () => Promise.reject(new Error('not allowed')), navigate: async (to) => calls.push(to) },
      ],
      openWindow: async () => calls.push('open'),
    };
    await openFromNotification({ open: '/c/riverford/inbox/1' }, clients, ORIGIN);
    assert.deepEqual(calls, ['/c/riverford/inbox/1']);
  });
});

describe('this phone', () => {
  const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Version/17.4 Mobile/15E148 Safari/604.1';
  const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36';

  it('knows an iPhone and an iPad (which says it is a Mac)', () => {
    assert.equal(isIos(iphone, 'iPhone', 5), true);
    assert.equal(isIos('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15', 'MacIntel', 5), true);
    assert.equal(isIos('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15', 'MacIntel', 0), false);
    assert.equal(isIos(android, 'Linux armv8l', 5), false);
  });

  it('knows when it runs from the Home Screen', () => {
    assert.equal(isStandalone(true, false), true);
    assert.equal(isStandalone(undefined, true), true);
    assert.equal(isStandalone(false, false), false);
    assert.equal(isStandalone(undefined, false), false);
  });

  const facts = { ios: false, standalone: false, supported: true, permission: 'default', subscribed: false } as const;
  it('asks an iPhone in a Safari tab to add Harbour to the Home Screen first', () => {
    assert.equal(phoneState({ ...facts, ios: true, supported: false }), 'installFirst');
    assert.equal(phoneState({ ...facts, ios: true, standalone: true }), 'off');
  });

  it('is on only with permission and a subscription', () => {
    assert.equal(phoneState(facts), 'off');
    assert.equal(phoneState({ ...facts, permission: 'granted' }), 'off');
    assert.equal(phoneState({ ...facts, subscribed: true }), 'off');
    assert.equal(phoneState({ ...facts, permission: 'granted', subscribed: true }), 'on');
    assert.equal(phoneState({ ...facts, permission: 'denied', subscribed: true }), 'blocked');
    assert.equal(phoneState({ ...facts, supported: false }), 'unsupported');
  });

  it("sends the server the subscription's parts", () => {
    const json = { endpoint: 'https://fcm.googleapis.com/x', expirationTime: null, keys: { p256dh: 'BP', auth: 'au' } };
    assert.deepEqual(subscriptionBody(json), {
      endpoint: 'https://fcm.googleapis.com/x',
      keys: { p256dh: 'BP', auth: 'au' },
      expiration_time: null,
    });
    assert.equal(subscriptionBody({ endpoint: 'https://fcm.googleapis.com/x' }), null);
  });

  it("reads the server's base64url key", () => {
    assert.deepEqual([...base64UrlBytes('-_8')], [0xfb, 0xff]);
    assert.deepEqual([...base64UrlBytes('AQID')], [1, 2, 3]);
  });
});

describe('quiet hours', () => {
  it('may run past midnight', () => {
    assert.deepEqual(quietProblems('21:00', '08:00'), {});
    assert.deepEqual(quietProblems('13:30', '14:00'), {});
  });

  it('need two different 24-hour times', () => {
    assert.deepEqual(quietProblems('', ' '), { quiet_start: 'missing', quiet_end: 'missing' });
    assert.deepEqual(quietProblems('9pm', '24:00'), { quiet_start: 'format', quiet_end: 'format' });
    assert.deepEqual(quietProblems('21:00', '21:00'), { quiet_end: 'same' });
  });

  it('has words for every problem', () => {
    for (const voice of ['reminders', 'staffReminders']) {
      const words: Record<string, string> = voice === 'reminders' ? en : staff;
      for (const field of ['quiet_start', 'quiet_end']) {
        for (const problem of ['missing', 'format']) assert.ok(`${voice}.error.${problem}.${field}` in words);
      }
      assert.ok(`${voice}.error.same.quiet_end` in words);
      for (const kind of ['reminder', 'message', 'urgent']) assert.ok(`${voice}.inbox.kind.${kind}` in words);
    }
    for (const kind of ['plan_review', 'health', 'task_due', 'reply']) assert.ok(`reminders.kind.${kind}` in en, kind);
    assert.ok('staffReminders.kind.digest' in staff);
  });
});

describe('the inbox', () => {
  const item = (id: string, seen: boolean): InboxItem => ({
    id,
    kind: 'reminder',
    event_kind: 'task_due',
    title: `Item ${id}`,
    open: '/c/riverford/plan',
    due_at: '2026-11-20T09:00:00Z',
    sent_at: '2026-11-20T09:00:00Z',
    seen_at: seen ? '2026-11-21T09:00:00Z' : null,
  });

  it('puts new ones first, keeping the newest-first order', () => {
    const groups = groupInbox([item('a', true), item('b', false), item('c', true), item('d', false)]);
    assert.deepEqual(groups.unseen.map((found) => found.id), ['b', 'd']);
    assert.deepEqual(groups.seen.map((found) => found.id), ['a', 'c']);
  });
});
