/**
 * `vite preview` config for the bench: serves the private build, and under `/__bench_coi/` the bench page
 * again with COOP/COEP headers (cross-origin isolated, so DuckDB-WASM's threaded coi bundle can run).
 * The studio itself is served exactly as `npm run preview` serves it.
 */
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

function crossOriginIsolatedCopy(): Plugin {
  return {
    name: 'bench-coi',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.startsWith('/__bench_coi/')) {
          req.url = req.url.replace('/__bench_coi/', '/__bench/');
          res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
          res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
        }
        next();
      });
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [crossOriginIsolatedCopy()],
  preview: { host: '127.0.0.1', strictPort: true },
});
