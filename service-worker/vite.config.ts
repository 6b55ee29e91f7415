// Bundles service-worker/sw.ts into frontend/dist/sw.js (one classic script, no imports),
// then lets workbox-build write the precache list of the built app into it.
import { fileURLToPath } from 'node:url';
import { injectManifest } from 'workbox-build';
import { defineConfig, type Plugin } from 'vite';

const dist = fileURLToPath(new URL('../frontend/dist', import.meta.url));
const swFile = `${dist}/sw.js`;

function precacheManifest(): Plugin {
  return {
    name: 'harbour-precache-manifest',
    apply: 'build',
    async closeBundle() {
      const { count, size, warnings } = await injectManifest({
        swSrc: swFile,
        swDest: swFile,
        globDirectory: dist,
        // Not the PNG icons: the browser fetches a manifest's icons itself when the app is
        // installed, and keeps them; precaching would cost every first visit ~10 KB more.
        globPatterns: ['index.html', 'calculator.html', 'assets/*.{js,css}', 'favicon.svg', 'manifest.webmanifest'],
        // Staff pages work only online (nothing personal is kept for offline use), so young
        // people's phones need not download them.
        globIgnores: ['assets/StaffPages-*.js'],
        // Hashed file names already change with their content.
        dontCacheBustURLsMatching: /^assets\//,
      });
      for (const warning of warnings) this.warn(warning);
      this.info(`precache: ${count} files, ${(size / 1024).toFixed(1)} KiB`);
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
