// Bundles service-worker/sw.ts into frontend/dist/sw.js (one classic script, no imports),
// then lets workbox-build write the precache list of the built app into it, each file marked
// with the audiences that precache it (audiences.ts; sw.ts keeps its own audience's).
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { injectManifest, type ManifestEntry } from 'workbox-build';
import { defineConfig, type Plugin } from 'vite';
import { audienceFiles, audiencesOf, type ViteManifest } from './audiences.ts';

const dist = fileURLToPath(new URL('../frontend/dist', import.meta.url));
const swFile = `${dist}/sw.js`;
const buildManifest = `${dist}/.vite`;

function precacheManifest(): Plugin {
  return {
    name: 'harbour-precache-manifest',
    apply: 'build',
    async closeBundle() {
      const graph = JSON.parse(readFileSync(`${buildManifest}/manifest.json`, 'utf8')) as ViteManifest;
      const files = audienceFiles(graph);
      const totals = { staff: { count: 0, size: 0 }, young_people: { count: 0, size: 0 } };
      const mark = (entry: ManifestEntry & { size: number }) => {
        const audiences = audiencesOf(entry.url, files);
        for (const audience of audiences) {
          totals[audience].count += 1;
          totals[audience].size += entry.size;
        }
        return { ...entry, for: audiences };
      };
      const { count, size, warnings } = await injectManifest({
        swSrc: swFile,
        swDest: swFile,
        globDirectory: dist,
        // Not the PNG icons: the browser fetches a manifest's icons itself when the app is
        // installed, and keeps them; precaching would cost every first visit ~10 KB more.
        globPatterns: ['index.html', 'calculator.html', 'assets/*.{js,css}', 'favicon.svg', 'manifest.webmanifest'],
        // Hashed file names already change with their content.
        dontCacheBustURLsMatching: /^assets\//,
        manifestTransforms: [(entries) => ({ manifest: entries.map(mark) })],
      });
      for (const warning of warnings) this.warn(warning);
      rmSync(buildManifest, { recursive: true }); // build metadata, not for serving
      this.info(`precache: ${count} files, ${(size / 1024).toFixed(1)} KiB in all`);
      for (const [audience, total] of Object.entries(totals)) {
        this.info(`precache for ${audience}: ${total.count} files, ${(total.size / 1024).toFixed(1)} KiB`);
      }
    },
  };
}

export default defineConfig({
  // Workbox's modules log in development builds only; this keeps them out.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  publicDir: false,
  build: {
    outDir: dist,
    emptyOutDir: false,
    target: 'es2022',
    lib: {
      entry: fileURLToPath(new URL('sw.ts', import.meta.url)),
      formats: ['iife'],
      name: 'harbourServiceWorker',
      fileName: () => 'sw.js',
    },
  },
  plugins: [precacheManifest()],
});
