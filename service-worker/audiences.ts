// Which built files each audience's service worker precaches, from Vite's manifest of the
// module graph (decision 024). Staff browsers: the app's start-up code and the staff pages'
// chunk with what it imports (staff pages work online only, so nothing they might load later).
// Young people's phones: everything the app may load, for offline use, but what only the
// staff pages import, and the quick exit's calculator page.

/** One chunk in Vite's build manifest (`build.manifest`), keyed by its source or `_name`. */
export interface ManifestChunk {
  file: string;
  src?: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}

export type ViteManifest = Record<string, ManifestChunk>;

/** Matches the service worker's `?for=` (service-worker/sw.ts). */
export type Audience = 'staff' | 'young_people';

export const STAFF_PAGES = 'src/staff/StaffPages.tsx';
const APP = 'index.html';
const QUICK_EXIT = 'calculator.html';

/** The keys reachable from `roots` by static imports, and dynamic ones too if `dynamic`;
 * never through `avoid`. */
function reach(manifest: ViteManifest, roots: string[], dynamic: boolean, avoid = ''): Set<string> {
  const found = new Set<string>();
  const visit = (key: string): void => {
    if (found.has(key) || key === avoid || !manifest[key]) return;
    found.add(key);
    const chunk = manifest[key];
    for (const next of [...(chunk.imports ?? []), ...(dynamic ? (chunk.dynamicImports ?? []) : [])]) visit(next);
  };
  for (const root of roots) visit(root);
  return found;
}

/** The files (paths in the build) of these chunks: an HTML entry itself, its script, styles
 * and assets. */
function filesOf(manifest: ViteManifest, keys: Set<string>): Set<string> {
  const files = new Set<string>();
  for (const key of keys) {
    const chunk = manifest[key];
    if (!chunk) continue;
    if (key.endsWith('.html')) files.add(key);
    for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(file);
  }
  return files;
}

export function audienceFiles(manifest: ViteManifest): Record<Audience, Set<string>> {
  if (!manifest[APP] || !manifest[STAFF_PAGES]) throw new Error(`the build manifest has no ${APP} or ${STAFF_PAGES}`);
  const staff = new Set([...reach(manifest, [APP], false), ...reach(manifest, [STAFF_PAGES], false)]);
  return {
    staff: filesOf(manifest, staff),
    young_people: filesOf(manifest, reach(manifest, [APP, QUICK_EXIT], true, STAFF_PAGES)),
  };
}

/** Who precaches a file: the audiences whose chunks hold it; a file outside the module graph
 * (the icon, the web app manifest) is everyone's. */
export function audiencesOf(file: string, files: Record<Audience, Set<string>>): Audience[] {
  const all = Object.keys(files) as Audience[];
  const some = all.filter((audience) => files[audience].has(file));
  return some.length > 0 ? some : all;
}
