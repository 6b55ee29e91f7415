// The phone's IndexedDB database, "harbour". The core knows two of its stores:
//   outbox - things saved on the phone and not yet acknowledged by the server (outbox.ts)
//   meta   - small settings by key: the chosen council, who is signed in (young people only),
//            each person's pull cursor, and what features keep there
// Every other store belongs to a feature, which declares it (its name, key and rows) and
// registers it at start-up (register.ts); each row of a personal store names its owner and is
// only ever shown to that person. Versions: 2 added "My views", 3 made sent statements forget
// their words, 4 added "My plan" and "My health passport", 5 added statement threads
// ("messages" and "threads").
//
// With the app lock on, personal rows are sealed here, in one place, as they are written and
// opened as they are read (decision 020): each keeps its key fields and `owner` in clear and
// the rest in one AES-GCM blob, `sealed`. The lock feature holds the data key and sets the
// `Sealer`; sealing is synchronous because a transaction commits across any await.
// A store's upgrade step runs before anyone can unlock, on rows as stored: with the lock on it
// sees only their key fields, `owner` and `sealed`. A step that changes any other field must
// leave sealed rows alone (or be done by the feature when it next writes the row).
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';

/** Every store by name, with its key and row. Each module that owns a store adds it here by
 * declaration merging (`declare module '.../core/db'`), so this module types every store
 * without importing any feature. */
export interface HarbourStores {
  meta: { key: keyof MetaValues; value: MetaValues[keyof MetaValues] };
}

/** The settings in "meta" by key; a module that keeps one adds it the same way. */
export interface MetaValues {
  /** The council chosen on this phone. */
  council: string;
}

export interface HarbourSchema extends DBSchema, HarbourStores {}
export type HarbourDB = IDBPDatabase<HarbourSchema>;
export type StoreName = StoreNames<HarbourSchema>;
export type UpgradeTransaction = IDBPTransaction<HarbourSchema, StoreName[], 'versionchange'>;
/** A transaction that may write any of its stores (each registered part says which). */
export type WriteTransaction = IDBPTransaction<HarbourSchema, StoreName[], 'readwrite'>;

/** How a feature's store is made. */
export interface StoreDefinition {
  keyPath: string | string[];
  /** false: its rows say nothing about anyone (the pledge's anonymous answers), so they are
   * never sealed. Every other feature store is personal. */
  sealed?: false;
  /** A later version's step for rows that exist already; runs on every upgrade. */
  upgrade?: (tx: UpgradeTransaction, oldVersion: number) => Promise<void>;
}

/** The core's own stores; features register the rest. */
type CoreStore = 'outbox' | 'meta';
/** Every feature store: one a feature declares and does not register does not compile. */
export type StoreDefinitions = { [S in Exclude<StoreName, CoreStore>]: StoreDefinition };

const NAME = 'harbour';
const VERSION = 5;
const CORE_STORES: Record<CoreStore, { keyPath?: string }> = { outbox: { keyPath: 'id' }, meta: {} };

/** One part of the features' registry (stores, outbox kinds, pull sections), set once at
 * start-up by register.ts. Reading it before then throws: opening the database without every
 * store would make one that lacks some until the next version. */
export function registration<T>(what: string): { set: (value: T) => void; get: () => T } {
  let value: T | undefined;
  return {
    set: (given) => {
      value = given;
    },
    get: () => {
      if (value === undefined) throw new Error(`No ${what} registered: import register.ts first`);
      return value;
    },
  };
}

/** `own` and every store the handlers write, once each: a transaction's scope. */
export function storesOf(own: StoreName, handlers: readonly { stores: readonly StoreName[] }[]): StoreName[] {
  return [...new Set([own, ...handlers.flatMap((handler) => handler.stores)])];
}

const featureStores = registration<StoreDefinitions>('stores');
/** Called once at start-up, before anything opens the database. */
export const registerStores = featureStores.set;

/** Every store, for "Delete everything Harbour keeps on this phone". */
export function allStores(): StoreName[] {
  return [...(Object.keys(CORE_STORES) as CoreStore[]), ...(Object.keys(featureStores.get()) as StoreName[])];
}

/** Creates only the stores that are missing, then runs each store's later-version step. Never
 * deletes or recreates `outbox`: it can hold the only copy of unsent answers. */
export async function upgrade(db: HarbourDB, oldVersion: number, tx: UpgradeTransaction): Promise<void> {
  const stores: [string, { keyPath?: string | string[] }][] = [
    ...Object.entries(CORE_STORES),
    ...Object.entries(featureStores.get()),
  ];
  for (const [name, { keyPath }] of stores) {
    if (!db.objectStoreNames.contains(name as StoreName)) {
      db.createObjectStore(name as StoreName, keyPath === undefined ? undefined : { keyPath });
    }
  }
  for (const definition of Object.values(featureStores.get())) await definition.upgrade?.(tx, oldVersion);
}

let opening: Promise<HarbourDB> | null = null;

export function database(): Promise<HarbourDB> {
  opening ??= openDB<HarbourSchema>(NAME, VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => void upgrade(db, oldVersion, tx),
    // A newer Harbour in another tab wants to upgrade: step aside, reopen on next use.
    blocking: () => closeDatabase(),
    terminated: () => {
      opening = null;
    },
  }).then(sealedDatabase);
  return opening;
}

export function closeDatabase(): void {
  const current = opening;
  opening = null;
  void current?.then((db) => db.close());
}

export async function getMeta<K extends keyof MetaValues>(key: K): Promise<MetaValues[K] | undefined> {
  return (await (await database()).get('meta', key)) as MetaValues[K] | undefined;
}

export async function setMeta<K extends keyof MetaValues>(key: K, value: MetaValues[K]): Promise<void> {
  await (await database()).put('meta', value, key);
}

export async function deleteMeta(key: keyof MetaValues): Promise<void> {
  await (await database()).delete('meta', key);
}

/** Stores whose rows name their owner (a person's id). */
type OwnedStore = {
  [S in StoreName]: HarbourSchema[S]['value'] extends { owner: string } ? S : never;
}[StoreName];

/** Deletes every row of `name` that belongs to `owner`, in `tx`. */
export async function deleteOwned(tx: WriteTransaction, name: OwnedStore, owner: string): Promise<void> {
  let cursor = await tx.objectStore(name).openCursor();
  while (cursor) {
    if (cursor.value.owner === owner) await cursor.delete();
    cursor = await cursor.continue();
  }
}


// ---- Sealing (decision 020) -------------------------------------------------------------

/** Seals and opens bytes under the data key, bound to `ad` (additional data). */
export interface Sealer {
  seal: (plain: Uint8Array, ad: Uint8Array) => Uint8Array;
  /** Throws when `sealed` was not sealed under this key with this `ad` (another row's, or
   * changed). */
  open: (sealed: Uint8Array, ad: Uint8Array) => Uint8Array;
}

/** off: rows are stored as they are; locked: sealed rows are seen and written back only in
 * their stored form, and a personal row cannot be written; a Sealer: unlocked. */
export type Sealing = 'off' | 'locked' | Sealer;

/** The one clear flag the main bundle reads at start, before anything renders: absent, the
 * lock is off; set, it is on, and its value is new at each turning on or off (a generation),
 * so a tab can tell its key is no longer the one the rows are sealed under. */
export const LOCK_FLAG = 'harbour.lock';
/** The field holding a row's sealed part. */
export const SEALED = 'sealed';

export function lockFlag(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(LOCK_FLAG);
  } catch {
    return null; // no storage (some private modes): no lock either
  }
}

let sealing: Sealing = lockFlag() === null ? 'off' : 'locked';
/** The flag when this tab last unlocked or found the lock off: a personal write under
 * another (the lock turned on or off in another tab since) is refused, never sealed under a
 * key nothing wraps any more, nor left in clear under a lock. */
let generation = lockFlag();
const lockListeners = new Set<(locked: boolean) => void>();

export function isLocked(): boolean {
  return sealing === 'locked';
}

/** Whether the lock is on, locked or not. */
export function sealingOn(): boolean {
  return sealing !== 'off';
}

/** Set by the app lock only. */
export function setSealing(next: Sealing): void {
  const was = isLocked();
  sealing = next;
  if (next !== 'locked') generation = lockFlag();
  if (was !== isLocked()) for (const listener of lockListeners) listener(isLocked());
}

/** Another tab turned the lock off (nothing to unlock), or on or off and on again (this
 * tab's key, if any, is not the rows' key any more: locked). */
export function lockFlagChanged(): void {
  const flag = lockFlag();
  if (flag === null) setSealing('off');
  else if (!isLocked() && flag !== generation) setSealing('locked');
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === LOCK_FLAG || event.key === null) lockFlagChanged();
  });
}

/** Calls `listener` whenever the app locks or unlocks. */
export function onLockChange(listener: (locked: boolean) => void): () => void {
  lockListeners.add(listener);
  return () => lockListeners.delete(listener);
}

/** A personal row written while the app is locked: refused, never stored in clear. */
export class LockedError extends Error {
  constructor(store: string) {
    super(`The app is locked: nothing personal can be written to ${store}`);
  }
}

type Row = Record<string, unknown>;
/** Which fields of a row stay in clear, or null for a row never sealed. */
type ClearRule = (row: Row, key: IDBValidKey | undefined) => readonly string[] | null;
const rules = new Map<string, ClearRule>();
const metaRules = new Map<string, readonly string[]>();

/** A core store's rule (the outbox's); feature stores keep their key fields and `owner`. */
export function sealRows(store: CoreStore, rule: ClearRule): void {
  rules.set(store, rule);
}

/** Seals one personal setting in "meta", keeping `clear` of its fields readable while locked
 * (e.g. who is signed in, but not their name). Other settings stay in clear. */
export function sealMeta(key: keyof MetaValues, clear: readonly string[]): void {
  metaRules.set(key, clear);
}

function keyFields(keyPath: string | string[] | null): string[] {
  return keyPath === null ? [] : Array.isArray(keyPath) ? keyPath : [keyPath];
}

function clearFields(store: string, keyPath: string | string[] | null, row: Row, key: IDBValidKey | undefined): readonly string[] | null {
  if (store === 'meta') return metaRules.get(String(key)) ?? null;
  const rule = rules.get(store);
  if (rule) return rule(row, key);
  const definition = featureStores.get()[store as Exclude<StoreName, CoreStore>] as StoreDefinition | undefined;
  if (!definition || definition.sealed === false) return null;
  return [...keyFields(keyPath), 'owner'];
}

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The row's key and owner, bound into its seal: a row moved under another key (or person)
 * does not open. */
function additionalData(store: string, keyPath: string | string[] | null, row: Row, key: IDBValidKey | undefined): Uint8Array {
  const fields = keyFields(keyPath);
  const primary = fields.length === 0 ? key : fields.map((field) => row[field]);
  return new TextEncoder().encode(JSON.stringify([store, primary, row['owner'] ?? null]));
}

/** A row as it is stored: personal fields sealed when the lock is on. */
export function sealRow(store: string, keyPath: string | string[] | null, value: unknown, key?: IDBValidKey): unknown {
  if ((sealing === 'off' && lockFlag() === null) || !isRow(value)) return value;
  const clear = clearFields(store, keyPath, value, key);
  if (clear === null) return value;
  if (sealing !== 'locked' && lockFlag() !== generation) throw new LockedError(store);
  if (sealing === 'off') return value;
  const open: Row = {};
  const kept: Row = {};
  for (const [field, fieldValue] of Object.entries(value)) (clear.includes(field) ? kept : open)[field] = fieldValue;
  if (SEALED in open) {
    // Read while locked and written back (an outbox item's attempts): already stored form.
    if (Object.keys(open).length === 1) return value;
    throw new LockedError(store);
  }
  if (sealing === 'locked') throw new LockedError(store);
  const plain = new TextEncoder().encode(JSON.stringify(open));
  return { ...kept, [SEALED]: sealing.seal(plain, additionalData(store, keyPath, value, key)) };
}

/** A row as read: opened while unlocked; in its stored form (nothing personal) otherwise. */
export function openRow(store: string, keyPath: string | string[] | null, value: unknown, key?: IDBValidKey): unknown {
  if (!isRow(value) || !(value[SEALED] instanceof Uint8Array) || typeof sealing !== 'object') return value;
  const { [SEALED]: sealed, ...kept } = value;
  const plain = sealing.open(sealed as Uint8Array, additionalData(store, keyPath, value, key));
  return { ...(JSON.parse(new TextDecoder().decode(plain)) as Row), ...kept };
}

/** A row opened, or none when it will not open (sealed under another key, or changed): one
 * such row must not hide the rest of its store. Logged by store name only. */
function openable(store: string, keyPath: string | string[] | null, row: unknown): unknown[] {
  try {
    return [openRow(store, keyPath, row)];
  } catch {
    console.warn(`Harbour: a row of "${store}" could not be opened and is not shown`);
    return [];
  }
}

type Method = (...args: unknown[]) => Promise<unknown>;
type Target = Record<string | symbol, unknown>;

/** `target` with some of its members replaced; the rest as they are, bound to it. */
function replacing<T extends object>(target: T, members: (prop: string | symbol) => unknown): T {
  return new Proxy(target, {
    get(inner, prop) {
      const replaced = members(prop);
      if (replaced !== undefined) return replaced;
      const value = (inner as Target)[prop];
      return typeof value === 'function' ? (value as Method).bind(inner) : value;
    },
  });
}

// The parts of idb's store and cursor the sealing uses, untyped by store.
interface AnyStore {
  name: string;
  keyPath: string | string[] | null;
  transaction: { abort: () => void; done: Promise<void> };
  get: Method;
  getAll: Method;
  put: Method;
  add: Method;
  openCursor: Method;
}
interface AnyCursor {
  value: unknown;
  primaryKey: IDBValidKey;
  update: Method;
  continue: Method;
}

function sealedCursor(cursor: AnyCursor | null, store: AnyStore): AnyCursor | null {
  if (!cursor) return null;
  return replacing(cursor, (prop) => {
    if (prop === 'value') return openRow(store.name, store.keyPath, cursor.value, cursor.primaryKey);
    if (prop === 'update') return (value: unknown) => cursor.update(sealRow(store.name, store.keyPath, value, cursor.primaryKey));
    if (prop === 'continue') return async (...args: unknown[]) => sealedCursor((await cursor.continue(...args)) as AnyCursor | null, store);
    return undefined;
  });
}

/** A store whose reads open rows and whose writes seal them; a refused write aborts its
 * transaction, so nothing is half-stored. */
function sealedStore(store: AnyStore): AnyStore {
  const { name, keyPath } = store;
  const write = (method: Method) => (value: unknown, ...rest: unknown[]) => {
    let stored: unknown;
    try {
      stored = sealRow(name, keyPath, value, rest[0] as IDBValidKey | undefined);
    } catch (error) {
      store.transaction.abort();
      void store.transaction.done.catch(() => undefined); // the caller has this error instead
      throw error;
    }
    return method(stored, ...rest);
  };
  return replacing(store, (prop) => {
    switch (prop) {
      case 'get':
        return async (...args: unknown[]) => openRow(name, keyPath, await store.get(...args), args[0] as IDBValidKey);
      case 'getAll':
        return async (...args: unknown[]) => ((await store.getAll(...args)) as unknown[]).flatMap((row) => openable(name, keyPath, row));
      case 'put':
      case 'add':
        return write(store[prop].bind(store));
      case 'openCursor':
        return async (...args: unknown[]) => sealedCursor((await store.openCursor(...args)) as AnyCursor | null, store);
      default:
        return undefined;
    }
  });
}

type AnyTransaction = { objectStore: (name: string) => AnyStore; store?: AnyStore; done: Promise<void> };

function sealedTransaction<T extends object>(tx: T): T {
  const inner = tx as unknown as AnyTransaction;
  return replacing(tx, (prop) => {
    if (prop === 'objectStore') return (name: string) => sealedStore(inner.objectStore(name));
    if (prop === 'store') return inner.store && sealedStore(inner.store);
    return undefined;
  });
}

const WRITES = new Set(['put', 'add', 'delete', 'clear']);
const SHORTCUTS = new Set([...WRITES, 'get', 'getAll', 'getAllKeys', 'getKey', 'count']);

/** The database as every module sees it: each store reached through it (db.get,
 * tx.objectStore(...).put, a cursor's value) seals and opens, so no feature needs to know. */
function sealedDatabase(db: HarbourDB): HarbourDB {
  const open = db.transaction.bind(db) as unknown as (...args: unknown[]) => object;
  const transaction = (...args: unknown[]) => sealedTransaction(open(...args));
  return replacing(db, (prop) => {
    if (prop === 'transaction') return transaction;
    if (typeof prop !== 'string' || !SHORTCUTS.has(prop)) return undefined;
    return async (name: string, ...args: unknown[]) => {
      const tx = transaction(name, WRITES.has(prop) ? 'readwrite' : 'readonly') as AnyTransaction;
      const result = await ((tx.objectStore(name) as unknown as Record<string, Method>)[prop] as Method)(...args);
      if (WRITES.has(prop)) await tx.done;
      return result;
    };
  });
}

/** Every row of every store written again under `to` (after being read under the current
 * sealing), in one transaction: turning the lock on seals them all, turning it off opens
 * them all. Refused (nothing changed) when the rows cannot all be read open: turning off
 * while locked, or the app locking while they are read, would write rows back still sealed
 * under a key about to be forgotten. */
export async function resealEverything(to: Sealer | 'off'): Promise<void> {
  const from = sealing;
  if (to === 'off' && typeof from !== 'object') throw new LockedError('every store');
  const db = await database();
  const stores = allStores();
  const tx = db.transaction(stores, 'readwrite');
  // A cursor, not getAll: a "meta" row's seal is bound to its key, which only a cursor gives.
  const read = await Promise.all(
    stores.map(async (name) => {
      const rows: [IDBValidKey, unknown][] = [];
      for (let cursor = await tx.objectStore(name).openCursor(); cursor; cursor = await cursor.continue()) {
        rows.push([cursor.primaryKey, cursor.value]);
      }
      return { store: tx.objectStore(name), rows };
    }),
  );
  if (sealing !== from) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new LockedError('every store');
  }
  const was = generation;
  sealing = to;
  generation = lockFlag();
  try {
    const writes = read.flatMap(({ store, rows }) =>
      rows.map(([key, row]) => (store.keyPath === null ? store.put(row as never, key as never) : store.put(row as never))),
    );
    await Promise.all([...writes, tx.done]);
  } catch (error) {
    sealing = from;
    generation = was;
    throw error;
  }
}
