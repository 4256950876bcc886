/**
 * The bench's surroundings: a private build of the site (so the shared `dist/` is never touched), the
 * bench page bundle beside it, `vite preview` serving both, and Playwright's Chromium.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';

export const ROOT = resolve(import.meta.dirname, '../..');
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

/** The served folder: where it came from, and why (the current tree, or the prebuilt dist/ when it does not build). */
export interface Site {
  dir: string;
  source: string;
}

/** Builds the current tree into `dir`; falls back to a copy of the prebuilt `dist/` when the build fails. */
export function buildSite(dir: string): Site {
  rmSync(dir, { recursive: true, force: true });
  if (!existsSync(join(ROOT, 'public/sample/retail_sample.csv'))) spawnSync('npx', ['tsx', 'src/cli/makeSample.ts'], { cwd: ROOT, stdio: 'inherit' });
  const r = spawnSync(process.execPath, [VITE, 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status === 0 && existsSync(join(dir, 'index.html'))) return { dir, source: 'fresh build of the working tree' };
  const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.split('\n').find((l) => /error|could not/i.test(l))?.trim() ?? `exit ${r.status}`;
  if (!existsSync(join(ROOT, 'dist/index.html'))) throw new Error(`the site does not build and there is no dist/: ${why}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(ROOT, 'dist'), dir, { recursive: true });
  return { dir, source: `prebuilt dist/ (the working tree did not build: ${why.replace(/\x1b\[[0-9;]*m/g, '').slice(0, 160)})` };
}

/** Builds tests/bench/browser (bench page + TF.js worker) into `<site>/__bench/`. */
export async function buildBenchPage(siteDir: string): Promise<void> {
  const { build } = await import('vite');
  const root = join(ROOT, 'tests/bench/browser');
  await build({
    configFile: false,
    root,
    base: './',
    logLevel: 'error',
    build: {
      outDir: join(siteDir, '__bench'),
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 100_000,
      rolldownOptions: { input: join(root, 'bench.html') },
    },
    worker: { format: 'es' },
  });
}

/** `vite preview` of `dir` on 127.0.0.1:`port`, started as its own process (the PID we keep is the server's). */
export async function startPreview(dir: string, port: number): Promise<{ url: string; proc: ChildProcess; stop(): void }> {
  const proc = spawn(process.execPath, [VITE, 'preview', '--config', join(ROOT, 'tests/bench/preview.config.ts'), '--outDir', dir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout!.on('data', (d) => (log += d));
  proc.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  const t0 = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`vite preview exited (${proc.exitCode}): ${log.trim().slice(0, 300)}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > 30_000) throw new Error(`vite preview did not answer on ${url} within 30 s: ${log.trim().slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    proc,
    stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
    },
  };
}

/** Chromium with the project's Playwright launch flags (and WebGPU, which is only a software adapter here). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-default-apps', '--disable-quic', '--enable-unsafe-webgpu',
    ],
  });
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

