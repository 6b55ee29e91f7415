// A screen is one request (issue 15): every pull's answer says who is signed in, their inbox
// count and the council's content version; a phone that knows nobody pulls for whoever the
// session is; the council's content is read from the service worker's cache and fetched
// again only when a pull says it changed.
import './setup';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import '../src/register';
import { keepContent, load, paths, setContentKeptFor } from '../src/core/api';
import { cursorFor, onPullAnswer, onPullFailed, pullSettled, requestPull, setPuller, WHOEVER, type PullNews } from '../src/core/pull';
import { freshDatabase } from './fresh-database';
import { jay } from './people';

const heard: PullNews[] = [];
const failures: number[] = [];
onPullAnswer((news) => heard.push(news));
onPullFailed((status) => failures.push(status));

const sam = { ...jay, id: 'sam', display_name: 'Sam' };
const { session_id: _session, csrf_token: _token, ...jaysWord } = jay;

/** The server: answers each pull with `answer`, and records the addresses asked. */
function server(answer: (url: string) => Response): string[] {
  const asked: string[] = [];
  mock.method(globalThis, 'fetch', async (url: string) => {
    asked.push(String(url));
    return answer(String(url));
  });
  return asked;
}

const pulled = (body: object) => () => new Response(JSON.stringify({ cursor: 7, me: jaysWord, inbox_unseen: 2, content_version: 'v1', ...body }));

describe('a pull says who is signed in', () => {
  beforeEach(() => {
    freshDatabase();
    heard.length = 0;
    failures.length = 0;
  });

  afterEach(async () => {
    setPuller(null);
    await pullSettled();
    mock.restoreAll();
  });

  it('pulls from 0 for whoever the session is, keeps the answer as theirs, then pulls as them', async () => {
    const asked = server(pulled({}));

    setPuller(WHOEVER);
    await pullSettled();
    await requestPull();

    assert.deepEqual(asked, ['/api/v1/sync/pull?since=0', '/api/v1/sync/pull?since=7']);
    assert.equal(await cursorFor('jay'), 7);
    assert.deepEqual(heard[0], { me: jaysWord, inbox_unseen: 2, content_version: 'v1' });
  });

  it('keeps nothing for the person it pulled for when the session is someone else now', async () => {
    server(pulled({ me: { ...jaysWord, id: 'someone-else' } }));

    setPuller({ id: sam.id, council: sam.council });
    await pullSettled();

    assert.equal(await cursorFor('sam'), 0);
    assert.equal(await cursorFor('someone-else'), 0);
    assert.equal(heard[0]?.me.id, 'someone-else'); // the session module signs them in instead
  });

  it('tells nobody of an answer whose person signed out while it was being kept', async () => {
    server(() => {
      const response = pulled({})();
      const read = response.json.bind(response);
      response.json = async () => {
        const body: unknown = await read();
        setTimeout(() => setPuller(null), 0); // signed out while the answer is stored
        return body;
      };
      return response;
    });

    setPuller(WHOEVER);
    await pullSettled();

    assert.deepEqual(heard, []); // its `me` would sign them back in on a shared phone
  });

  it("says when the session is not a young person's (403) or the phone is offline (0)", async () => {
    server(() => new Response('{}', { status: 403 }));
    setPuller(WHOEVER);
    await pullSettled();
    mock.restoreAll();
    mock.method(globalThis, 'fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await requestPull();

    assert.deepEqual(failures, [403, 0]);
    assert.deepEqual(heard, []);
  });
});

/** The service worker's cache, as Cache Storage: its copies by address. */
function kept(copies: Record<string, object>): void {
  const match = async (path: string) => (path in copies ? new Response(JSON.stringify(copies[path])) : undefined);
  Object.defineProperty(globalThis, 'caches', { value: { match }, configurable: true });
}

describe("the council's content on a signed-in phone", () => {
  const council = { slug: 'riverford', content_version: 'v1' };
  const offer = { council: 'riverford', version: 'v1', items: [] };
  const pledge = { council: 'riverford', version: 'v1', themes: [] };

  beforeEach(() => {
    Object.defineProperty(globalThis, 'window', { value: globalThis, configurable: true });
    Object.defineProperty(globalThis, 'requestIdleCallback', { value: (run: () => void) => run(), configurable: true });
    kept({ [paths.council('riverford')]: council, [paths.offer('riverford')]: offer, [paths.pledge('riverford')]: pledge });
  });

  afterEach(() => {
    mock.restoreAll();
    for (const name of ['window', 'requestIdleCallback', 'caches']) Reflect.deleteProperty(globalThis, name);
  });

  it('is read from the copy the phone keeps, and fetched again only when a pull says it changed', async () => {
    const asked = server((url) => new Response(JSON.stringify(url.endsWith('/pledge') ? { ...pledge, version: 'v2' } : { ...offer, version: 'v2' })));
    setContentKeptFor('riverford');

    assert.deepEqual(await load(paths.offer('riverford')), offer);
    await keepContent('riverford', 'v1');
    assert.deepEqual(asked, []);

    await keepContent('riverford', 'v2');
    assert.deepEqual(asked.sort(), [paths.council('riverford'), paths.offer('riverford'), paths.pledge('riverford')]);
    assert.equal(((await load(paths.offer('riverford'))) as { version: string }).version, 'v2');
  });

  it('is not counted current when a slow network brings back the old copy', async () => {
    // The service worker answers from its cache after its timeout: still version v1.
    const asked = server(() => new Response(JSON.stringify({ ...offer, content_version: 'v1' })));
    setContentKeptFor('riverford');

    await keepContent('riverford', 'v3');
    await keepContent('riverford', 'v3');

    assert.equal(asked.filter((url) => url === paths.offer('riverford')).length, 2); // asked again
  });

  it('is asked of the server for anyone else, and what they lack is fetched for offline use', async () => {
    kept({ [paths.council('kingsmead')]: council });
    const asked = server(() => new Response(JSON.stringify(council)));
    setContentKeptFor(null);

    await load(paths.council('kingsmead'));
    await keepContent('kingsmead');

    assert.deepEqual(asked, [paths.council('kingsmead'), paths.offer('kingsmead'), paths.pledge('kingsmead')]);
  });
});
