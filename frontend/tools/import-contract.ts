// The front end's import contract, run by `make lint` (npm run lint:imports). Which folder
// may import which, so dependencies run one way (docs/decisions/016-front-end-core-and-features.md):
//   core/        the mechanisms (api, db, outbox, pull, session, router, i18n ...): core and
//                the API's types.
//   lib/, components/  shared by the young person's screens and staff's: core and shared.
//   api/         types generated from the OpenAPI document: imports nothing of ours, so every
//                layer may use it (types only: it adds nothing to the bundle, and as it
//                imports nothing it can close no cycle).
//   messages/    the words (JSON): anyone may read them.
//   features/X/  one young person's feature (its outbox kinds, pull sections, stores,
//                screens' logic): core, shared and its own folder; never another feature.
//   views/       the young person's pages: anything but staff.
//   staff/       the staff screens: core, shared and staff; never features or views, except
//                the previews and the page listed in STAFF_MAY_IMPORT.
//   App.tsx, main.tsx, register.ts, app-features.ts  the app: anything.
//   service-worker/  core and the API's types.
// And no import cycles anywhere, type-only imports included.
// Why not dependency-cruiser: it parses TypeScript with `typescript` < 7 or with swc, which
// cannot read .tsx; this repository uses TypeScript 7. Imports here are plain enough to read
// with a regular expression.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Violation {
  rule: string;
  from: string;
  to: string;
}

type Layer = 'core' | 'shared' | 'api' | 'messages' | 'feature' | 'views' | 'staff' | 'app' | 'service-worker' | 'other';

/** The young person's files the staff screens may import: the previews of the pledge question
 * and an offer item as young people see them, and the one sign-out page for everyone. */
const STAFF_MAY_IMPORT = new Set([
  'frontend/src/features/pledge/PromiseQuestion.tsx',
  'frontend/src/views/OfferItemView.tsx',
  'frontend/src/views/SignOutView.tsx',
]);

function layerOf(file: string): Layer {
  if (file.startsWith('service-worker/')) return 'service-worker';
  const [top, folder] = file.replace(/^frontend\/src\//, '').split('/');
  if (folder === undefined) return file.startsWith('frontend/src/') ? 'app' : 'other';
  if (top === 'lib' || top === 'components') return 'shared';
  if (top === 'features') return 'feature';
  if (top === 'core' || top === 'api' || top === 'messages' || top === 'views' || top === 'staff') return top;
  return 'other';
}

const ALLOWED: Record<Layer, readonly Layer[]> = {
  core: ['core', 'api', 'messages'],
  shared: ['core', 'shared', 'api', 'messages'],
  api: [],
  messages: [],
  feature: ['core', 'shared', 'api', 'messages', 'feature'],
  views: ['core', 'shared', 'api', 'messages', 'feature', 'views'],
  staff: ['core', 'shared', 'api', 'messages', 'staff'],
  app: ['core', 'shared', 'api', 'messages', 'feature', 'views', 'staff', 'app'],
  'service-worker': ['core', 'api', 'service-worker'],
  other: ['core', 'shared', 'api', 'messages', 'feature', 'views', 'staff', 'app', 'service-worker', 'other'],
};

function featureOf(file: string): string | undefined {
  return /^frontend\/src\/features\/([^/]+)\//.exec(file)?.[1];
}

/** The rule `from` importing `to` breaks, or null. */
function ruleBroken(from: string, to: string): string | null {
  const [source, target] = [layerOf(from), layerOf(to)];
  if (source === 'staff' && STAFF_MAY_IMPORT.has(to)) return null;
  if (!ALLOWED[source].includes(target)) return `${source} must not import ${target}`;
  if (source === 'feature' && target === 'feature' && featureOf(from) !== featureOf(to)) {
    return 'a feature must not import another feature';
  }
  return null;
}

// `import ... from '...'`, `import '...'`, `export ... from '...'` and `import('...')`.
const STATIC = /(?:^|[\s;])(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a source file imports; comments are left out. */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(STATIC), ...code.matchAll(DYNAMIC)].map((match) => match[1] ?? '');
}

/** The file a relative specifier names, among `files`; packages and unknown files give null. */
function resolve(from: string, specifier: string, files: ReadonlyMap<string, string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = normalize(join(dirname(from), specifier));
  return ['', '.ts', '.tsx', '/index.ts'].map((end) => base + end).find((name) => files.has(name)) ?? null;
}

/** Each import cycle once, as the files around it. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

/** Every broken rule among `files` (repository path to source). */
export function check(files: ReadonlyMap<string, string>): Violation[] {
  const graph = new Map<string, string[]>();
  const violations: Violation[] = [];
  for (const [from, source] of files) {
    const targets = importsOf(source).flatMap((specifier) => resolve(from, specifier, files) ?? []);
    graph.set(from, targets);
    for (const to of targets) {
      const rule = ruleBroken(from, to);
      if (rule) violations.push({ rule, from, to });
    }
  }
  for (const cycle of cycles(graph)) {
    violations.push({ rule: 'no import cycles', from: cycle[0] ?? '', to: [...cycle.slice(1), cycle[0]].join(' -> ') });
  }
  return violations;
}

/** The front end's sources (and its JSON messages, so imports of them resolve). */
export function readSources(root: string, folders = ['frontend/src', 'service-worker']): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const name = join(folder, entry.name);
      if (entry.isDirectory()) walk(name);
      else if (/\.(tsx?|json)$/.test(entry.name)) files.set(name, readFileSync(join(root, name), 'utf8'));
    }
  };
  folders.forEach(walk);
  return files;
}

// Run as a script: checks the repository this file is in, or the one named as its argument.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../..');
  const violations = check(readSources(root));
  for (const { rule, from, to } of violations) console.error(`${from} -> ${to}: ${rule}`);
  console.log(violations.length ? `${violations.length} import contract violations` : 'import contract kept');
  process.exitCode = violations.length ? 1 : 0;
}
