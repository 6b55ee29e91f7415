// Builds the app from frontend/ into frontend/dist/. The service worker is built after this,
// by service-worker/vite.config.ts, so its precache list can name these files.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Our CSP forbids inline script, and one small bundle needs no preload helper.
    modulePreload: { polyfill: false },
    // The module graph, from which the service worker's build learns which chunks staff and
    // young people each need (service-worker/audiences.ts); the worker's build removes it.
    manifest: true,
    // No data: URLs: every asset is a file the service worker can precache.
    assetsInlineLimit: 0,
    target: 'es2022',
    // The app, and the neutral page quick exit goes to (a calculator; src/core/quick-exit.ts).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        calculator: fileURLToPath(new URL('calculator.html', import.meta.url)),
      },
    },
  },
  server: {
    // `npm run dev` with `harbour serve` running on port 8000.
    proxy: { '/api': 'http://127.0.0.1:8000' },
  },
});
