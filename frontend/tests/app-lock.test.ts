// The app lock and sealed rows (decision 020): with the lock on, personal rows are stored
// sealed, read back whole only while unlocked, refused while locked, and bound to their key;
// the outbox still goes out while locked, sealed to the server's key; the phone's screen lock
// (a WebAuthn PRF secret, from a fake authenticator here) is a second way in.
import './setup';
import '../src/register';
import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, describe, it, mock } from 'node:test';
import { freshDatabase } from './fresh-database';
import { LOCK_FLAG, LockedError, SEALED, database, getMeta, isLocked, lockFlagChanged, setSealing } from '../src/core/db';
import { createItem, listOutbox, requestFlush, saveItem, setCurrentOwner } from '../src/core/outbox';
import { getDraft, saveDraft } from '../src/features/statements/pages';
import { getStatement, listDrafts, newDraft, sendDraft } from '../src/features/statements/statements';
import { newDataKey, sealerFor, unwrapKey, unwrapUnderSecret, wrapKey, wrapUnderSecret } from '../src/features/lock/keys';
import {
  addPhoneLock,
  forgetLock,
  lockNow,
  lostWithTheLock,
  phoneLockAdded,
  removePhoneLock,
  signOutWithLock,
  triesNow,
  turnOff,
  turnOn,
  unlock,
  unlockWithPhone,
  waitAfter,
} from '../src/features/lock/lock';
import { shownTasks } from '../src/features/plan/plan';
import { answersFor, saveAnswer } from '../src/features/pledge/answers';
import { setMeta } from '../src/core/db';
import { shownPassport } from '../src/features/passport/passport';
import { unsentOnThisPhone } from '../src/core/this-phone';
import { signedIn, signedOut } from '../src/core/session';
import { jay } from './people';

const kept = new Map<string, string>();
Object.defineProperty(globalThis, 'localStorage', {
  value: {
    getItem: (key: string) => kept.get(key) ?? null,
    setItem: (key: string, value: string) => kept.set(key, value),
    removeItem: (key: string) => kept.delete(key),
  },
  configurable: true,
});
const shown: (() => void)[] = [];
const page = {
  visibilityState: 'visible',
  addEventListener: (type: string, listener: () => void) => type === 'visibilitychange' && shown.push(listener),
  cookie: '',
};
Object.defineProperty(globalThis, 'document', { value: page, configurable: true });

/** The app goes to the background or comes back. */
function showPage(state: 'hidden' | 'visible'): void {
  page.visibilityState = state;
  for (const listener of shown) listener();
}

/** Every row of every store as stored, through raw IndexedDB: what someone holding the phone
 * could read. */
async function rawText(): Promise<string> {
  const db = await database();
  const texts: string[] = [];
  for (const name of db.objectStoreNames) {
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const request = indexedDB.open('harbour');
      request.onsuccess = () => {
        const read = request.result.transaction(name).objectStore(name).getAll();
        read.onsuccess = () => {
          request.result.close();
          resolve(read.result);
        };
        read.onerror = () => reject(read.error);
      };
    });
    texts.push(JSON.stringify(rows));
  }
  return texts.join('\n');
}

/** The phone's screen lock as WebAuthn shows it: one credential whose PRF gives SHA-256 of a
 * secret of its own and the salt, only once the person is checked (`verified`). Every secret
 * it gives is in `given`. */
function fakePhone({ prf = true } = {}) {
  const own = crypto.getRandomValues(new Uint8Array(32));
  const phone = { verified: true, given: [] as Uint8Array[], credentialId: new Uint8Array(0) };
  const refuseUnlessVerified = () => {
    if (!phone.verified) throw new DOMException('The phone did not check the person', 'NotAllowedError');
  };
  const credentials = {
    create: async () => {
      refuseUnlessVerified();
      phone.credentialId = crypto.getRandomValues(new Uint8Array(16));
      return { rawId: phone.credentialId.slice().buffer, getClientExtensionResults: () => ({ prf: { enabled: prf } }) };
    },
    get: async ({ publicKey }: CredentialRequestOptions) => {
      refuseUnlessVerified();
      assert.deepEqual(new Uint8Array(publicKey?.allowCredentials?.[0]?.id as ArrayBuffer), phone.credentialId);
      const salt = new Uint8Array(publicKey?.extensions?.prf?.eval?.first as Uint8Array);
      const first = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array([...own, ...salt])));
      phone.given.push(first);
      return { getClientExtensionResults: () => ({ prf: { results: { first } } }) };
    },
  };
  Object.defineProperty(navigator, 'credentials', { value: credentials, configurable: true });
  Object.defineProperty(globalThis, 'PublicKeyCredential', { value: class {}, configurable: true });
  return phone;
}

/** A server key pair, as GET /api/v1/sync/sealing-key gives the public half. */
async function serverKeyPair(): Promise<{ publicKey: string; pair: CryptoKeyPair }> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { publicKey: Buffer.from(raw).toString('base64url'), pair };
}

/** The server as the outbox sees it: the sealing key, and a push that takes the items
 * `takes` accepts (the others get no answer: tried again later). Returns what was pushed. */
async function fakeServer(takes: (id: string) => boolean = () => true): Promise<Record<string, unknown>[]> {
  const { publicKey } = await serverKeyPair();
  const pushed: Record<string, unknown>[] = [];
  mock.method(globalThis, 'fetch', async (url: string, init?: RequestInit) => {
    if (url.endsWith('/sealing-key')) return new Response(JSON.stringify({ public_key: publicKey }));
    if (url.endsWith('/push')) {
      const items = (JSON.parse(String(init?.body)).items as Record<string, unknown>[]).filter((one) => takes(String(one['id'])));
      pushed.push(...items);
      return new Response(JSON.stringify({ results: items.map((one) => ({ id: one['id'], status: 'accepted' })) }));
    }
    if (url.endsWith('/sign-out')) return new Response(null, { status: 204 });
    return new Response('{}', { status: 404 });
  });
  return pushed;
}


/** Jay sends a statement with no signal (nothing goes until they are back), turns the lock on
 * and locks; then the phone is online for them again. Returns the statement's draft. */
async function sentThenLocked() {
  await signedIn(jay);
  setCurrentOwner('nobody');
  const draft = { ...newDraft('jay', 'riverford', 'problem'), answers: { text: 'My heating is broken' } };
  await saveDraft(draft);
  await sendDraft(draft, 'Alex');
  await turnOn('482913', 60);
  await lockNow();
  setCurrentOwner('jay');
  return draft;
}
describe('sealing rows', () => {
  beforeEach(() => {
    freshDatabase();
    kept.clear();
    setSealing('off');
  });
  afterEach(() => mock.restoreAll());

  it('seals and opens a row under the data key, and refuses another key or a changed row', () => {
    const key = newDataKey();
    const sealer = sealerFor(key);
    const ad = new TextEncoder().encode('drafts:1');
    const sealed = sealer.seal(new TextEncoder().encode('my heating is broken'), ad);
    assert.equal(new TextDecoder().decode(sealer.open(sealed, ad)), 'my heating is broken');
    assert.throws(() => sealerFor(newDataKey()).open(sealed, ad));
    assert.throws(() => sealer.open(sealed, new TextEncoder().encode('drafts:2')));
    const changed = sealed.slice();
    changed[changed.length - 1]! ^= 1;
    assert.throws(() => sealer.open(changed, ad));
  });

  it('wraps the data key under the lock code; a wrong code unwraps nothing', async () => {
    const key = newDataKey();
    const wrapped = await wrapKey(key, '482913', 1000);
    assert.deepEqual(await unwrapKey(wrapped, '482913'), key);
    assert.equal(await unwrapKey(wrapped, '482914'), null);
  });

  it("wraps the data key under the phone's PRF secret; another secret unwraps nothing", async () => {
    const key = newDataKey();
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const wrapped = await wrapUnderSecret(key, secret);
    assert.deepEqual(await unwrapUnderSecret(wrapped, secret), key);
    assert.equal(await unwrapUnderSecret(wrapped, crypto.getRandomValues(new Uint8Array(32))), null);
    const changed = wrapped.slice();
    changed[changed.length - 1]! ^= 1;
    assert.equal(await unwrapUnderSecret(changed, secret), null);
  });

  it('stores a draft sealed with its key and owner in clear, and opens it whole while unlocked', async () => {
    setSealing(sealerFor(newDataKey()));
    const draft = { ...newDraft('jay', 'riverford', 'problem'), answers: { text: 'My heating is broken' } };
    await saveDraft(draft);
    const raw = await (await database()).transaction('drafts').store.get(draft.id);
    assert.equal((await getDraft('jay', draft.id))?.answers['text'], 'My heating is broken');
    assert.doesNotMatch(await rawText(), /heating/);
    assert.ok(raw);
  });

  it('refuses a row moved under another key (a swap)', async () => {
    setSealing(sealerFor(newDataKey()));
    const one = { ...newDraft('jay', 'riverford', 'problem'), answers: { text: 'one' } };
    await saveDraft(one);
    const idb = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open('harbour');
      request.onsuccess = () => resolve(request.result);
    });
    const stored = await new Promise<Record<string, unknown>>((resolve) => {
      const read = idb.transaction('drafts').objectStore('drafts').get(one.id);
      read.onsuccess = () => resolve(read.result as Record<string, unknown>);
    });
    await new Promise((resolve) => {
      const tx = idb.transaction('drafts', 'readwrite');
      tx.objectStore('drafts').put({ ...stored, id: 'other' });
      tx.oncomplete = resolve;
    });
    idb.close();
    await assert.rejects(getDraft('jay', 'other'));
    // The store's other rows still show.
    const warned = mock.method(console, 'warn', () => undefined);
    await saveDraft({ ...newDraft('jay', 'riverford', 'problem'), answers: { text: 'two' } });
    assert.deepEqual((await listDrafts('jay')).map((draft) => draft.answers['text']).sort(), ['one', 'two']);
    assert.doesNotMatch(String(warned.mock.calls[0]?.arguments), /one|two|jay/);
  });

  it('while locked, shows rows only in their stored form and refuses personal writes, keeping nothing half-stored', async () => {
    setSealing(sealerFor(newDataKey()));
    const draft = { ...newDraft('jay', 'riverford', 'problem'), answers: { text: 'secret words' } };
    await saveDraft(draft);
    setSealing('locked');
    const seen = (await (await database()).get('drafts', draft.id)) as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(seen).sort(), ['id', 'owner', SEALED].sort());
    await assert.rejects(saveDraft({ ...draft, answers: { text: 'more' } }), LockedError);
    // A refused write aborts its transaction: what it wrote before is not kept either.
    const tx = (await database()).transaction(['outbox', 'drafts'], 'readwrite');
    const added = tx.objectStore('outbox').add(createItem('pledge_answer', { council: 'riverford', promise: 'listen', answer: 'yes', comment: '', respondent: 'r' }));
    assert.throws(() => tx.objectStore('drafts').put({ ...draft, answers: { text: 'more' } }), LockedError);
    await assert.rejects(added);
    await assert.rejects(tx.done);
    assert.deepEqual(await listOutbox(), []);
  });

  it('a tab whose key another tab turned off (or off and on again) seals nothing more under it', async () => {
    kept.set(LOCK_FLAG, 'first');
    setSealing(sealerFor(newDataKey())); // this tab, unlocked
    const draft = { ...newDraft('jay', 'riverford', 'problem'), answers: { text: 'My heating is broken' } };
    await saveDraft(draft);
    kept.set(LOCK_FLAG, 'turning off'); // the other tab, before it opens every row
    await assert.rejects(saveDraft({ ...draft, answers: { text: 'more' } }), LockedError);
    kept.delete(LOCK_FLAG); // turned off: this tab hears of it
    lockFlagChanged();
    assert.equal(isLocked(), false);
    await saveDraft({ ...draft, answers: { text: 'more' } });
    assert.match(await rawText(), /more/);
    kept.set(LOCK_FLAG, 'on again');
    await assert.rejects(saveDraft(draft), LockedError);
    lockFlagChanged();
    assert.equal(isLocked(), true);
  });
});

describe('the app lock', () => {
  after(() => signedOut()); // stops the pull's timer, so the test process can end
  beforeEach(() => {
    freshDatabase();
    kept.clear();
    setSealing('off');
  });
  afterEach(() => mock.restoreAll());

  it('turning it on seals what is there; locked, an unsent statement still goes out sealed to the server, once; unlocking brings the copy up to date; off opens it all', async () => {
    const { publicKey } = await serverKeyPair();
    const pushed: Record<string, unknown>[] = [];
    mock.method(globalThis, 'fetch', async (url: string, init?: RequestInit) => {
      if (url.endsWith('/sealing-key')) return new Response(JSON.stringify({ public_key: publicKey }));
      if (url.endsWith('/push')) {
        const items = JSON.parse(String(init?.body)).items as Record<string, unknown>[];
        pushed.push(...items);
        return new Response(JSON.stringify({ results: items.map((one) => ({ id: one['id'], status: 'accepted' })) }));
      }
      return new Response('{}', { status: 404 });
    });
    await signedIn(jay);
    setCurrentOwner('nobody'); // offline, in effect: nothing is sent until Jay is back
    const draft = { ...newDraft('jay', 'riverford', 'problem'), answers: { text: 'My heating is broken' } };
    await saveDraft(draft);
    await sendDraft(draft, 'Alex');

    await turnOn('482913', 60);
    assert.doesNotMatch(await rawText(), /heating|Jay|Alex/);
    assert.equal(typeof (await listOutbox())[0]?.sealed_body, 'string');

    await lockNow();
    assert.equal(isLocked(), true);
    setCurrentOwner('jay');
    await requestFlush();
    await requestFlush();
    assert.deepEqual(pushed.map((item) => [item['id'], 'body' in item, typeof item['sealed_body']]), [[draft.id, false, 'string']]);
    assert.equal((await listOutbox())[0]?.delivered, true);

    assert.deepEqual(await unlock('000000'), { ok: false, wrong: true, wait: 0, left: 9 });
    assert.deepEqual(await unlock('482913'), { ok: true });
    assert.deepEqual(await listOutbox(), []);
    assert.equal((await getStatement('jay', draft.id))?.sent, true);
    assert.equal((await getMeta('person'))?.display_name, 'Jay');

    assert.deepEqual(await turnOff('000000'), { ok: false, wrong: true, wait: 0, left: 9 }); // counted, as at the lock screen
    assert.match(await rawText(), /"sealed"/);
    assert.deepEqual(await turnOff('482913'), { ok: true });
    assert.match(await rawText(), /"display_name":"Jay"/);
    assert.equal(kept.get('harbour.lock'), undefined);
  });

  it('forgetting the code drops what the server has already and keeps only what it can still open; pages skip bodies they cannot read', async () => {
    await fakeServer((id) => id === 'edit');
    await signedIn(jay);
    setCurrentOwner('nobody');
    await saveItem(createItem('task_edit', { task_id: 't1', base_version: 1, set: { title: 'Cook' } }, undefined, 'edit', 'jay'));
    await saveItem(createItem('passport_edit', { base_version: 0, set: { gp_name: 'Dr Shah' } }, undefined, 'gp', 'jay'));
    await turnOn('482913', 60);
    await lockNow();
    setCurrentOwner('jay');
    await requestFlush(); // 'edit' is delivered while locked; 'gp' waits
    assert.deepEqual((await listOutbox()).map((item) => [item.id, item.delivered]), [['edit', true], ['gp', undefined]]);

    await forgetLock();
    const kept = await listOutbox();
    assert.deepEqual(kept.map((item) => [item.id, item.body, typeof item.sealed_body]), [['gp', undefined, 'string']]);
    assert.deepEqual(shownTasks([], kept, 'jay'), []);
    assert.equal(shownPassport(null, kept, 'jay').unsent, false);
    assert.equal((await unsentOnThisPhone()).unsent, 1);
  });

  it('an item sent while locked and answered after the unlock updates its copy', async () => {
    const { publicKey } = await serverKeyPair();
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    let pushing: () => void = () => undefined;
    const pushed = new Promise<void>((resolve) => (pushing = resolve));
    mock.method(globalThis, 'fetch', async (url: string, init?: RequestInit) => {
      if (url.endsWith('/sealing-key')) return new Response(JSON.stringify({ public_key: publicKey }));
      if (!url.endsWith('/push')) return new Response('{}', { status: 404 });
      const items = JSON.parse(String(init?.body)).items as Record<string, unknown>[];
      pushing();
      await answered;
      return new Response(JSON.stringify({ results: items.map((one) => ({ id: one['id'], status: 'accepted' })) }));
    });
    const draft = await sentThenLocked();
    const flushing = requestFlush();
    await pushed; // the batch was read while locked
    assert.deepEqual(await unlock('482913'), { ok: true });
    answer();
    await flushing;
    await requestFlush();
    assert.deepEqual(await listOutbox(), []);
    assert.equal((await getStatement('jay', draft.id))?.sent, true);
  });

  it('a sealed body the server cannot open stays pending while locked, and goes readable once unlocked', async () => {
    const { publicKey } = await serverKeyPair();
    const pushed: Record<string, unknown>[] = [];
    mock.method(globalThis, 'fetch', async (url: string, init?: RequestInit) => {
      if (url.endsWith('/sealing-key')) return new Response(JSON.stringify({ public_key: publicKey }));
      if (!url.endsWith('/push')) return new Response('{}', { status: 404 });
      const items = JSON.parse(String(init?.body)).items as Record<string, unknown>[];
      pushed.push(...items);
      const refused = { status: 'rejected', errors: [{ field: 'sealed_body', message: 'could not be opened' }] };
      return new Response(JSON.stringify({ results: items.map((one) => ({ id: one['id'], ...('sealed_body' in one ? refused : { status: 'accepted' }) })) }));
    });
    const draft = await sentThenLocked();
    await requestFlush();
    assert.deepEqual((await listOutbox()).map((item) => [item.state, typeof item.sealed_body]), [['pending', 'string']]);

    await unlock('482913');
    await requestFlush();
    await requestFlush();
    assert.deepEqual(await listOutbox(), []);
    assert.deepEqual(pushed.map((item) => 'sealed_body' in item), [true, true, false]);
    assert.equal((await getStatement('jay', draft.id))?.sent, true);
  });

  it('seals the server key and the "What can I get?" answers; pledge answers stay unsealed and are acknowledged while locked', async () => {
    await fakeServer();
    await setMeta('checkAnswers', { ageMode: 'dob', age: null, dob: { year: 2007, month: 3, day: 14 }, record: null, care: null, study: 'none', conditions: [] } as never);
    await turnOn('482913', 60);
    const public_key = (await getMeta('sealingKey'))?.public_key ?? '';
    assert.ok(public_key.length > 20);
    const raw = await rawText();
    assert.doesNotMatch(raw, /2007/);
    assert.ok(!raw.includes(public_key));

    await lockNow();
    await saveAnswer({ council: 'riverford', promise: 'listen', answer: 'yes', comment: 'they listened' });
    await requestFlush();
    assert.equal((await answersFor('riverford'))[0]?.sent, true);
    assert.deepEqual(await listOutbox(), []);
  });

  it('locks at once on coming back after the chosen time', async () => {
    await fakeServer();
    await turnOn('482913', 60);
    const now = Date.now();
    mock.method(Date, 'now', () => now);
    showPage('hidden');
    mock.method(Date, 'now', () => now + 61_000);
    showPage('visible');
    assert.equal(isLocked(), true); // synchronously: the last page cannot paint first
  });

  it("the phone's screen lock unlocks with the same key; refused, it counts no wrong code; its secret is never kept", async () => {
    await fakeServer();
    const phone = fakePhone();
    await signedIn(jay);
    assert.equal(await addPhoneLock(), 'failed'); // only with the lock on and unlocked
    await turnOn('482913', 60);
    assert.equal(await addPhoneLock(), 'added');
    assert.equal(await phoneLockAdded(), true);
    await lockNow();
    assert.equal(await addPhoneLock(), 'failed');

    phone.verified = false;
    assert.equal(await unlockWithPhone(), false);
    assert.equal(isLocked(), true);
    assert.equal(await getMeta('lockTries'), undefined);
    phone.verified = true;
    assert.equal(await unlockWithPhone(), true);
    assert.equal(isLocked(), false);
    assert.equal((await getMeta('person'))?.display_name, 'Jay');
    const stored = await rawText();
    assert.ok(phone.given.length >= 2);
    for (const secret of phone.given) assert.ok(!stored.includes(JSON.stringify(secret)));

    // Turned off, it no longer unlocks; the code still does.
    await removePhoneLock();
    assert.equal(await phoneLockAdded(), false);
    await lockNow();
    assert.equal(await unlockWithPhone(), false);
    assert.deepEqual(await unlock('482913'), { ok: true });
  });

  it("a phone without PRF keeps nothing, and a wrong code before the phone's unlock is forgotten by it", async () => {
    await fakeServer();
    fakePhone({ prf: false });
    await turnOn('482913', 60);
    assert.equal(await addPhoneLock(), 'unsupported');
    assert.equal(await phoneLockAdded(), false);

    fakePhone();
    assert.equal(await addPhoneLock(), 'added');
    await lockNow();
    assert.deepEqual(await unlock('000000'), { ok: false, wrong: true, wait: 0, left: 9 });
    assert.equal(await unlockWithPhone(), true);
    assert.equal(await getMeta('lockTries'), undefined);
  });

  it('slows down wrong codes: none for two, then a wait that grows', async () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(waitAfter), [0, 0, 10, 30, 60, 120]);
  });

  it('a clock moved back cannot stretch a wait; one moved on skips waits but the code stops working after ten wrong ones', async () => {
    await fakeServer();
    await turnOn('482913', 60);
    await lockNow();
    let now = Date.now();
    mock.method(Date, 'now', () => now);
    for (let failures = 1; failures <= 3; failures += 1) assert.equal((await unlock('111111')).ok, false);
    assert.deepEqual(await triesNow(now - 86_400_000), { wait: 10, left: 7 }); // a day back: still 10 s
    const results = [];
    for (let tries = 0; tries < 7; tries += 1) {
      now += 3_600_000; // an hour on each time: every wait has passed
      results.push(await unlock('111111'));
    }
    assert.deepEqual(results.at(-1), { ok: false, wrong: true, wait: 0, left: 0 });
    now += 3_600_000;
    assert.deepEqual(await unlock('482913'), { ok: false, wrong: false, wait: 0, left: 0 }); // even the right one
    assert.equal(isLocked(), true);
  });

  it('at unlock, keeps the fresher word on the person the server gave while locked', async () => {
    await fakeServer();
    await signedIn(jay);
    await turnOn('482913', 60);
    await lockNow();
    await signedIn({ ...jay, pa_first_name: 'Sam' }); // refused on the phone while locked
    assert.equal((await getMeta('person'))?.pa_first_name, undefined);
    await unlock('482913');
    assert.equal((await getMeta('person'))?.pa_first_name, 'Sam');
  });

  it('signing out with the lock on seals what waits for the server, then lets the lock go with the drafts', async () => {
    await fakeServer(() => false);
    await signedIn(jay);
    setCurrentOwner('nobody');
    await saveItem(createItem('passport_edit', { base_version: 0, set: { gp_name: 'Dr Shah' } }, undefined, 'gp', 'jay'));
    await saveItem({ ...createItem('task_edit', { task_id: 't1', base_version: 1, set: { title: 'Cook' } }, undefined, 'fix', 'jay'), state: 'needs_attention' });
    await saveDraft({ ...newDraft('jay', 'riverford', 'problem'), answers: { text: 'Not finished' } });
    await saveDraft({ ...newDraft('sam', 'riverford', 'problem'), answers: { text: "Sam's, kept on this phone" } });
    await turnOn('482913', 60);
    // Someone else's draft is counted apart; an item waiting to be fixed could never be fixed.
    assert.deepEqual(await lostWithTheLock(), { own: 1, others: 1, unsent: 1 });

    await signOutWithLock();
    assert.equal(kept.get('harbour.lock'), undefined);
    assert.equal(isLocked(), false);
    assert.deepEqual(await listDrafts('jay'), []);
    const waiting = await listOutbox();
    assert.deepEqual(waiting.map((item) => [item.id, item.body, typeof item.sealed_body]), [['gp', undefined, 'string']]);
    assert.doesNotMatch(await rawText(), /Not finished|Dr Shah/);
  });

  it('turning the lock off while the app has locked meanwhile changes nothing', async () => {
    await fakeServer();
    await signedIn(jay);
    const draft = { ...newDraft('jay', 'riverford', 'problem'), answers: { text: 'Still mine' } };
    await saveDraft(draft);
    await turnOn('482913', 60);
    await lockNow(); // as if "As soon as I leave Harbour" locked it while the code was checked
    await assert.rejects(turnOff('482913'), LockedError);
    assert.ok(kept.get('harbour.lock'));
    assert.deepEqual(await unlock('482913'), { ok: true });
    assert.equal((await getDraft('jay', draft.id))?.answers['text'], 'Still mine');
  });

  it('"Forgot" offline keeps everything and the lock: the session must end on the server first', async () => {
    await fakeServer();
    await signedIn(jay);
    await saveDraft({ ...newDraft('jay', 'riverford', 'problem'), answers: { text: 'Keep me' } });
    await turnOn('482913', 60);
    await lockNow();
    mock.method(globalThis, 'fetch', async () => {
      throw new TypeError('offline');
    });
    await assert.rejects(forgetLock());
    assert.ok(kept.get('harbour.lock'));
    assert.equal((await lostWithTheLock()).own, 1);
  });

  it('after ten wrong codes the phone\'s screen lock does not open it either', async () => {
    await fakeServer();
    fakePhone();
    await turnOn('482913', 60);
    assert.equal(await addPhoneLock(), 'added');
    await lockNow();
    let now = Date.now();
    mock.method(Date, 'now', () => now);
    for (let tries = 0; tries < 10; tries += 1) {
      now += 3_600_000;
      await unlock('111111');
    }
    assert.equal(await unlockWithPhone(), false);
    assert.equal(isLocked(), true);
  });
});
