// Start-up: every feature's stores, outbox kinds and pull sections, registered with the core
// before anything opens the database or sends. Adding a feature (or a kind, store or section to
// one) means a line here; leaving one out does not compile (core/features.ts Registry).
import { registerFeatures, type Registry } from './core/features';
import { history } from './features/history/sync';
import { passport } from './features/passport/sync';
import { plan } from './features/plan/sync';
import { pledge } from './features/pledge/sync';
import { statements } from './features/statements/sync';

export const REGISTRY: Registry = {
  stores: { ...pledge.stores, ...statements.stores, ...plan.stores, ...passport.stores, ...history.stores },
  kinds: { ...pledge.kinds, ...statements.kinds, ...plan.kinds, ...passport.kinds },
  pull: { ...statements.pull, ...plan.pull, ...passport.pull, ...history.pull },
};

registerFeatures(REGISTRY);
