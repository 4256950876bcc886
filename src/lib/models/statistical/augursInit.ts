/**
 * Loads and initialises an `@bsull/augurs` wasm module once, in Node (vitest, tsx) and in the browser
 * or a worker alike. Node: the default init would fetch a `file:` URL and fail, so the `*_bg.wasm` bytes
 * are read with `node:fs` and passed to `initSync`. Browser: the default export fetches the wasm next to
 * the module (Vite rewrites its `new URL('…_bg.wasm', import.meta.url)`).
 */
type EtsModule = typeof import('@bsull/augurs/ets');
type MstlModule = typeof import('@bsull/augurs/mstl');

/** The augurs modules the statistical models use. */
export type AugursKind = 'ets' | 'mstl';
type ModuleOf<K extends AugursKind> = K extends 'ets' ? EtsModule : MstlModule;

const loaded = new Map<AugursKind, Promise<EtsModule | MstlModule>>();

/** True under Node (not in a browser or worker). */
export const isNode = (): boolean => typeof process !== 'undefined' && !!process.versions?.node;

async function load(kind: AugursKind): Promise<EtsModule | MstlModule> {
  // Literal specifiers so that Vite bundles both modules.
  const mod: EtsModule | MstlModule = kind === 'ets' ? await import('@bsull/augurs/ets') : await import('@bsull/augurs/mstl');
  if (isNode()) {
    // Variable specifiers + @vite-ignore keep node built-ins out of the browser bundle.
    const fsName = 'node:fs';
    const moduleName = 'node:module';
    const { readFileSync } = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs');
    const { createRequire } = (await import(/* @vite-ignore */ moduleName)) as typeof import('node:module');
    const js = createRequire(import.meta.url).resolve(`@bsull/augurs/${kind}`);
    mod.initSync({ module: readFileSync(js.replace(/\.js$/, '_bg.wasm')) });
  } else {
    await mod.default();
  }
  return mod;
}

/** Returns the initialised augurs module `kind`, initialising it on first use. */
export function ensureAugurs<K extends AugursKind>(kind: K): Promise<ModuleOf<K>> {
  let p = loaded.get(kind);
  if (!p) {
    p = load(kind);
    p.catch(() => loaded.delete(kind));
    loaded.set(kind, p);
  }
  return p as Promise<ModuleOf<K>>;
}
