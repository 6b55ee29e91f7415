// The phone's IndexedDB database, "harbour". The core knows two of its stores:
//   outbox - things saved on the phone and not yet acknowledged by the server (outbox.ts)
//   meta   - small settings by key: the chosen council, who is signed in (young people only),
//            each person's pull cursor, and what features keep there
// Every other store belongs to a feature, which declares it (its name, key and rows) and
// registers it at start-up (register.ts); each row of a personal store names its owner and is
// only ever shown to that person. Versions: 2 added "My views", 3 made sent statements forget
// their words, 4 added "My plan" and "My health passport", 5 added statement threads
// ("messages" and "threads").
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
  });
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
