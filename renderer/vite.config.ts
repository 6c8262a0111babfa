// The renderer bundle: built into dist/ui, which the local server serves at `/` (dist/renderer is tsc's
// output of the pure chart modules that unit tests import). Relative asset URLs (`base: './'`) let the same files load from the server and from the Electron window.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const BACKEND = 'http://127.0.0.1:8000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: '../dist/ui',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': BACKEND,
      '/ws': { target: BACKEND, ws: true },
    },
  },
});
