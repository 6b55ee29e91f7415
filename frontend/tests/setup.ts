// Makes Node look enough like a phone's browser for the lib modules: an IndexedDB, and a
// `navigator` without Web Locks or storage persistence (older browsers have neither).
// Import this first in any test that touches storage.
import 'fake-indexeddb/auto';

Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });
// Node's BroadcastChannel would keep the test process alive; browsers tabs need it, tests don't.
Reflect.deleteProperty(globalThis, 'BroadcastChannel');
