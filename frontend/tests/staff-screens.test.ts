import './setup';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Me, StaffFrame } from '../src/api/types';
import { askWhoWithScreen, currentAlerts, loadScreen, screenRequest, takeAnswered } from '../src/staff/screen';

const ID = '0b7e3c1a-5d2f-4c7e-9a11-2f3b4c5d6e7f';
const ME = { kind: 'staff', id: ID, council: 'riverford', display_name: 'Alex Lee', role: 'personal_adviser' } as Me;
const ALERT = { id: 'a1', young_person: { id: 'yp', preferred_name: 'Jordan' } } as StaffFrame['alerts'][number];

/** The server, as `fetch`: each address's answer (status and body), and what was asked. */
function server(answers: Record<string, [number, unknown]>): string[] {
  const asked: string[] = [];
  globalThis.fetch = (async (input: string) => {
    asked.push(input);
    const [status, body] = answers[input] ?? [404, { error: { code: 'not_found' } }];
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return asked;
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

describe('staff screens in one request', () => {
  it('knows which pages are screens, and asks for their filters', () => {
    assert.equal(screenRequest('/staff', ''), '/api/v1/screens/caseload');
    assert.equal(screenRequest('/staff/views', '?type=ask&page=2&name=Sam'), '/api/v1/screens/queue?view=mine&type=ask&limit=25&offset=25');
    assert.equal(screenRequest('/staff/views/team', ''), '/api/v1/screens/queue?view=team&limit=25&offset=0');
    assert.equal(screenRequest('/staff/profile', ''), null);
    assert.equal(screenRequest('/c/riverford', ''), null);
    assert.equal(askWhoWithScreen('/staff/profile', ''), undefined); // the session asks /auth/me
  });

  it('says who is signed in from the screen at start-up, and hands its answer to the page once', async () => {
    const screen = { me: ME, inbox_unseen: 2, alerts: [ALERT], young_people: [] };
    const asked = server({ '/api/v1/screens/caseload': [200, screen] });

    const me = await askWhoWithScreen('/staff', '')?.();

    assert.deepEqual(me, ME);
    assert.deepEqual(currentAlerts(ID), [ALERT]);
    assert.deepEqual(currentAlerts('someone else'), []); // never another person's alerts
    assert.deepEqual(takeAnswered('/api/v1/screens/caseload'), screen);
    assert.equal(takeAnswered('/api/v1/screens/caseload'), null); // coming back asks afresh
    await loadScreen('/api/v1/screens/caseload');
    assert.deepEqual(asked, ['/api/v1/screens/caseload', '/api/v1/screens/caseload']);
  });

  it('asks /auth/me after all when the screen is refused, but not when nobody is signed in', async () => {
    const asked = server({ '/api/v1/screens/caseload': [403, { error: { code: 'not_allowed' } }], '/api/v1/auth/me': [200, ME] });
    assert.deepEqual(await askWhoWithScreen('/staff', '')?.(), ME);
    assert.deepEqual(asked, ['/api/v1/screens/caseload', '/api/v1/auth/me']);

    const signedOut = server({ '/api/v1/screens/caseload': [401, { error: { code: 'signed_out' } }] });
    await assert.rejects(askWhoWithScreen('/staff', '')?.() ?? Promise.resolve(), { status: 401 });
    assert.deepEqual(signedOut, ['/api/v1/screens/caseload']);
  });

  it('asks again after a refused start-up screen: signing in then draws the page, not the old 401', async () => {
    server({ '/api/v1/screens/caseload': [401, { error: { code: 'signed_out' } }] });
    await assert.rejects(askWhoWithScreen('/staff', '')?.() ?? Promise.resolve(), { status: 401 });

    const screen = { me: ME, inbox_unseen: 0, alerts: [], young_people: [] };
    const asked = server({ '/api/v1/screens/caseload': [200, screen] }); // signed in since
    assert.equal(takeAnswered('/api/v1/screens/caseload'), null);
    assert.deepEqual(await loadScreen('/api/v1/screens/caseload'), screen);
    assert.deepEqual(asked, ['/api/v1/screens/caseload']);
  });

  it('hands a start-up screen still on its way to its own page only', async () => {
    const screen = { me: ME, inbox_unseen: 0, alerts: [], young_people: [] };
    const asked = server({ '/api/v1/screens/caseload': [200, screen], '/api/v1/screens/queue?view=mine&limit=25&offset=0': [200, screen] });
    const who = askWhoWithScreen('/staff', '')?.();

    await loadScreen('/api/v1/screens/queue?view=mine&limit=25&offset=0'); // another page: asks its own
    assert.deepEqual(await loadScreen('/api/v1/screens/caseload'), screen); // the one on its way
    assert.deepEqual(await who, ME);
    assert.deepEqual(asked, ['/api/v1/screens/caseload', '/api/v1/screens/queue?view=mine&limit=25&offset=0']);
  });
});
