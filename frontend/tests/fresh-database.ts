// Each test starts from an empty phone: a new in-memory IndexedDB, and the app's cached
// connection to the old one closed.
import { IDBFactory } from 'fake-indexeddb';
import { closeDatabase } from '../src/core/db';

export function freshDatabase(): void {
  closeDatabase();
  Object.defineProperty(globalThis, 'indexedDB', { value: new IDBFactory(), configurable: true });
}
