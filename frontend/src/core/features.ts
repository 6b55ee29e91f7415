// What a feature adds to the core (its IndexedDB stores, outbox kinds and pull sections), and
// the one registration of them all at start-up (register.ts). The registry's types are keyed
// by what the features declare, so a store, kind or section without its handler does not
// compile.
import { registerStores, type StoreDefinitions } from './db';
import { registerKinds, type KindHandlers } from './outbox';
import { registerPullSections, type PullHandlers } from './pull';

/** One feature's part; checked with `satisfies Feature` so its keys stay exact. */
export interface Feature {
  stores?: Partial<StoreDefinitions>;
  kinds?: Partial<KindHandlers>;
  pull?: Partial<PullHandlers>;
}

/** Every feature's parts together: each key of each map is required. */
export interface Registry {
  stores: StoreDefinitions;
  kinds: KindHandlers;
  pull: PullHandlers;
}

export function registerFeatures(registry: Registry): void {
  registerStores(registry.stores);
  registerKinds(registry.kinds);
  registerPullSections(registry.pull);
}
