import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { initialAssets } from '../bench/size';

// What a first visit downloads before anything lazy (index.html's scripts and styles and their static
// imports, as `npm run bench` counts them) stays within the 300 KiB budget. TF.js, DuckDB and the solvers
// load in the workers or on demand: a page module importing a package index that re-exports a TF.js model
// once put TF.js in the first download (413 KiB) and no test saw it.
test('the first download stays within 300 KiB gzip and carries no TF.js', () => {
  const files = initialAssets('dist');
  expect(files.some((f) => f.endsWith('.js'))).toBe(true);
  const sizes = files.map((f) => ({ f: relative('dist', f), gz: gzipSync(readFileSync(f)).length }));
  const total = sizes.reduce((a, s) => a + s.gz, 0) / 1024;
  expect(total, JSON.stringify(sizes)).toBeLessThanOrEqual(300);
  for (const f of files.filter((x) => x.endsWith('.js'))) expect(readFileSync(f, 'utf8'), f).not.toMatch(/@tensorflow|tfjs-layers|tfjs-core/);
});
