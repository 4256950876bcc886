/**
 * The service worker's precache list: every file of the built site (the bundle, its workers and
 * WebAssembly modules, the sample and the icons) with a version that changes when any file changes,
 * so a new build replaces the old cache. Pure: the vite plugin in vite.config.ts feeds it the files
 * of `dist/` with their content hashes and writes the result into `dist/sw.js`.
 */

/** One built file: its path relative to the site root (forward slashes) and a hash of its content. */
export interface BuiltFile {
  path: string;
  bytes: number;
  hash: string;
}

/** Options of {@link precacheList}. */
export interface PrecacheOptions {
  /** Paths never cached (matched against the relative path); defaults to {@link DEFAULT_EXCLUDE}. */
  exclude?: readonly RegExp[];
}

/** What the service worker caches. */
export interface PrecacheList {
  /** Changes when a file is added, removed or changed (FNV-1a over the sorted paths and hashes). */
  version: string;
  /** URLs relative to the service worker's scope, `./` first (the page itself), then sorted. */
  urls: string[];
  /** Total size of the cached files. */
  bytes: number;
}

/**
 * Not cached: the service worker itself (the browser checks it for updates), the static hosts'
 * headers file, source maps and dotfiles.
 */
export const DEFAULT_EXCLUDE: readonly RegExp[] = [/^sw\.js$/, /^_headers$/, /^_redirects$/, /\.map$/, /(^|\/)\./];

/** Builds the precache list from the built files. Throws on an absolute path or one leaving the site. */
export function precacheList(files: readonly BuiltFile[], options: PrecacheOptions = {}): PrecacheList {
  const exclude = options.exclude ?? DEFAULT_EXCLUDE;
  const kept: BuiltFile[] = [];
  for (const f of files) {
    const p = f.path.replace(/\\/g, '/');
    if (p.startsWith('/') || /^[a-z]+:/i.test(p) || p.split('/').includes('..')) throw new Error(`precacheList: "${f.path}" is not a path inside the site`);
    if (!exclude.some((r) => r.test(p))) kept.push({ ...f, path: p });
  }
  kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let h = 0x811c9dc5;
  for (const f of kept)
    for (const ch of `${f.path}\0${f.hash}\n`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  const urls = kept.map((f) => `./${f.path}`);
  const hasIndex = kept.some((f) => f.path === 'index.html');
  return { version: h.toString(16).padStart(8, '0'), urls: hasIndex ? ['./', ...urls] : urls, bytes: kept.reduce((a, f) => a + f.bytes, 0) };
}

/** Marker in public/sw.js that the build replaces with the list. */
export const PRECACHE_MARKER = '/*__PRECACHE__*/ { "version": "dev", "urls": [], "bytes": 0 }';

/** The service worker's source with the list written in; throws when the marker is missing. */
export function injectPrecache(swSource: string, list: PrecacheList): string {
  if (!swSource.includes(PRECACHE_MARKER)) throw new Error('injectPrecache: the service worker has no precache marker');
  return swSource.replace(PRECACHE_MARKER, JSON.stringify(list));
}
