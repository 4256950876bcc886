/**
 * Group 4: what a first visit downloads before anything lazy — the entry JS (with the chunks it imports
 * statically or preloads) and CSS named by index.html, gzipped, against the 300 KB budget — and the whole
 * built site, raw and gzipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchContext } from './context';
import { fmt } from './table';

const G = '4 size';
const KB = 1024;
const BUDGET_KB = 300;

const gz = (bytes: Buffer) => gzipSync(bytes).length;

/** Files the page needs before it can run: index.html's scripts, styles and modulepreloads, plus their static imports. */
export function initialAssets(siteDir: string): string[] {
  const html = readFileSync(join(siteDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"[^>]*>/g)].map((m) => m[1]);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    const code = readFileSync(file, 'utf8');
    // Static imports only (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` loads lazily.
    for (const m of code.matchAll(/\bimport\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g)) visit(join(dirname(file), m[1]));
  };
  for (const r of refs) visit(join(siteDir, r.replace(/^\.?\//, '')));
  return [...seen];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

export async function benchSize(ctx: BenchContext): Promise<void> {
  const dir = ctx.siteDir;
  const initial = initialAssets(dir);
  const js = initial.filter((f) => f.endsWith('.js'));
  const css = initial.filter((f) => f.endsWith('.css'));
  const size = (files: string[]) => files.reduce((a, f) => a + gz(readFileSync(f)), 0);
  const jsGz = size(js);
  const cssGz = size(css);
  const total = (jsGz + cssGz) / KB;
  ctx.report.add({
    group: G, name: 'initial JS + CSS (gzip)', value: total, unit: 'KiB', ref: { label: 'budget', value: BUDGET_KB, unit: 'KiB' },
    goal: `≤ ${BUDGET_KB} KiB`, met: total <= BUDGET_KB,
    note: `JS ${fmt(jsGz / KB)} KiB (${js.map((f) => relative(dir, f)).join(', ')}) + CSS ${fmt(cssGz / KB)} KiB; raw ${fmt(initial.reduce((a, f) => a + statSync(f).size, 0) / KB)} KiB`,
  });
  // The whole site the studio can ever fetch (the bench's own files and data excluded).
  const files = walk(dir).filter((f) => !/^(__bench|bench-data)(\/|$)/.test(relative(dir, f)));
  let raw = 0;
  let zipped = 0;
  const biggest: { f: string; raw: number; gz: number }[] = [];
  for (const f of files) {
    const b = readFileSync(f);
    const g = gz(b);
    raw += b.length;
    zipped += g;
    biggest.push({ f: relative(dir, f), raw: b.length, gz: g });
  }
  biggest.sort((a, b) => b.raw - a.raw);
  const mb = (n: number) => n / (KB * KB);
  ctx.report.add({
    group: G, name: `full site download, all ${files.length} files (gzip)`, value: mb(zipped), unit: 'MiB',
    note: `raw ${fmt(mb(raw))} MiB; largest: ${biggest.slice(0, 4).map((b) => `${b.f.replace(/^assets\//, '')} ${fmt(mb(b.raw))} MiB (${fmt(mb(b.gz))} gz)`).join(', ')}`,
  });
  ctx.report.add({ group: G, name: 'full site download (raw)', value: mb(raw), unit: 'MiB' });
}
