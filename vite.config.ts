import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { SECURITY_HEADERS } from './src/lib/security/csp';

export default defineConfig({
  plugins: [svelte()],
  base: './',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  worker: {
    format: 'es',
    // Worker bundles otherwise keep every @license banner (the TF.js worker doubles in size).
    rolldownOptions: { output: { comments: { legal: false } } },
  },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', '@bsull/augurs'] },
  server: { host: '127.0.0.1' },
  // The policy as an HTTP header reaches the workers too (a <meta> policy governs the document only).
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: SECURITY_HEADERS },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
