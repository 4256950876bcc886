import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { SECURITY_HEADERS } from './src/lib/security/csp';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { injectPrecache, precacheList, type BuiltFile } from './src/lib/offline';

/** After the build, writes the list of every built file (with a content version) into dist/sw.js. */
function precacheServiceWorker(): Plugin {
  let outDir = 'dist';
  return {
    name: 'forecast-studio:precache',
    apply: 'build',
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      const files: BuiltFile[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const full = join(dir, name);
          if (statSync(full).isDirectory()) walk(full);
          else {
            const bytes = readFileSync(full);
            files.push({ path: relative(outDir, full).split('\\').join('/'), bytes: bytes.length, hash: createHash('sha256').update(bytes).digest('hex') });
          }
        }
      };
      walk(outDir);
      const sw = join(outDir, 'sw.js');
      const list = precacheList(files);
      writeFileSync(sw, injectPrecache(readFileSync(sw, 'utf8'), list));
      console.log(`sw.js: ${list.urls.length} files (${(list.bytes / 1048576).toFixed(1)} MB) precached, version ${list.version}`);
    },
  };
}

export default defineConfig({
  plugins: [svelte(), precacheServiceWorker()],
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
    // Vitest's default is one worker fewer than the cores, which is one worker on CI's 2 cores: every
    // file then ran in turn. The suites are single-threaded (DuckDB-WASM, TF.js on the CPU), so two
    // workers use both cores; no test shares a file path with another (each writes under mkdtemp).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // One module registry per worker instead of one per file: the files import the same heavy graph
    // (DuckDB-WASM, TF.js, the models), which isolation re-evaluated ~100 times (34 small files on one
    // worker: 206 s → 163 s, import 41 s → 16 s). Safe here: no file mocks modules or stubs globals, every
    // TF.js file sets its backend itself, fake timers are restored after each test, engines are opened
    // and closed per file, and outputs go under mkdtemp.
    isolate: false,
  },
});
