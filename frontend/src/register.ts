// Start-up: every feature's stores, outbox kinds and pull sections (app-features.ts),
// registered with the core before anything opens the database or sends. Leaving one out does
// not compile (core/features.ts Registry).
import { APP_FEATURES } from './app-features';
import { registerFeatures, type Registry } from './core/features';

export const REGISTRY: Registry = APP_FEATURES;

registerFeatures(REGISTRY);
