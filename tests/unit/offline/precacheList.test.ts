import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { injectPrecache, precacheList, PRECACHE_MARKER, type BuiltFile } from '../../../src/lib/offline';

const f = (path: string, hash = 'h', bytes = 10): BuiltFile => ({ path, hash, bytes });
const site = [
  f('index.html', 'a', 500),
  f('assets/index-abc.js', 'b', 1000),
  f('assets/duckdb-eh-xyz.wasm', 'c', 34_000_000),
  f('assets/tfjs-backend-wasm-simd-1.wasm', 'd', 400_000),
  f('assets/highs-2.wasm', 'e', 3_500_000),
  f('assets/parquet_wasm_bg-3.wasm', 'f', 1_200_000),
  f('sample/retail_sample.csv', 'g', 2_000_000),
  f('sample/retail_sample.truth.json', 'h', 3000),
  f('sw.js', 'i', 2000),
  f('_headers', 'j', 500),
  f('assets/index-abc.js.map', 'k', 9000),
  f('.DS_Store', 'l', 1),
  f('manifest.webmanifest', 'm', 600),
];

describe('precacheList', () => {
  it('lists every built file (wasm included) once, the page first, and leaves out sw.js, _headers, maps and dotfiles', () => {
    const l = precacheList(site);
    expect(l.urls[0]).toBe('./');
    expect(l.urls).toContain('./index.html');
    for (const w of ['duckdb-eh-xyz.wasm', 'tfjs-backend-wasm-simd-1.wasm', 'highs-2.wasm', 'parquet_wasm_bg-3.wasm']) expect(l.urls).toContain(`./assets/${w}`);
    expect(l.urls).toContain('./sample/retail_sample.truth.json');
    for (const gone of ['./sw.js', './_headers', './assets/index-abc.js.map', './.DS_Store']) expect(l.urls).not.toContain(gone);
    expect(new Set(l.urls).size).toBe(l.urls.length);
    expect(l.urls.length).toBe(1 + 9);
    // Bytes: the 9 kept files, counted independently.
    expect(l.bytes).toBe(500 + 1000 + 34_000_000 + 400_000 + 3_500_000 + 1_200_000 + 2_000_000 + 3000 + 600);
    expect(l.urls.slice(1)).toEqual([...l.urls.slice(1)].sort());
  });

  it('changes its version when a file changes, is added or removed — not when the input order changes', () => {
    const v = precacheList(site).version;
    expect(v).toMatch(/^[0-9a-f]{8}$/);
    expect(precacheList([...site].reverse()).version).toBe(v);
    expect(precacheList(site.map((x) => (x.path === 'sample/retail_sample.csv' ? { ...x, hash: 'g2' } : x))).version).not.toBe(v);
    expect(precacheList([...site, f('assets/new.js')]).version).not.toBe(v);
    expect(precacheList(site.filter((x) => x.path !== 'index.html')).version).not.toBe(v);
    // An excluded file does not move the version (a rebuilt source map does not invalidate the cache).
    expect(precacheList(site.map((x) => (x.path.endsWith('.map') ? { ...x, hash: 'zz' } : x))).version).toBe(v);
  });

  it('refuses paths that would leave the site', () => {
    expect(() => precacheList([f('/etc/passwd')])).toThrow(/not a path inside the site/);
    expect(() => precacheList([f('../x.js')])).toThrow(/not a path inside the site/);
    expect(() => precacheList([f('https://example.com/x.js')])).toThrow(/not a path inside the site/);
  });

  it('writes the list into public/sw.js at its marker, as valid JavaScript with the same list', () => {
    const src = readFileSync('public/sw.js', 'utf8');
    expect(src).toContain(PRECACHE_MARKER);
    const l = precacheList(site);
    const out = injectPrecache(src, l);
    expect(out).not.toContain('__PRECACHE__');
    const m = /const PRECACHE = (\{.*\});/.exec(out);
    expect(JSON.parse(m![1])).toEqual(l);
    expect(() => injectPrecache('self.addEventListener("fetch", () => {})', l)).toThrow(/marker/);
  });
});
