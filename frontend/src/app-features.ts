// Every feature's stores, outbox kinds and pull sections: adding a feature (or a kind, store or
// section to one) means a line here. register.ts checks that nothing is left out and registers
// them; this list stays apart from that check so that a program declaring one kind more (the
// example kind, frontend/tests/example-kind) can build its registry on it.
import { history } from './features/history/sync';
import { passport } from './features/passport/sync';
import { plan } from './features/plan/sync';
import { pledge } from './features/pledge/sync';
import { statements } from './features/statements/sync';

export const APP_FEATURES = {
  stores: { ...pledge.stores, ...statements.stores, ...plan.stores, ...passport.stores, ...history.stores },
  kinds: { ...pledge.kinds, ...statements.kinds, ...plan.kinds, ...passport.kinds },
  pull: { ...statements.pull, ...plan.pull, ...passport.pull, ...history.pull },
};
