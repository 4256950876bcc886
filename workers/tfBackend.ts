/**
 * Picks and starts the TF.js backend inside the training worker: WebGPU only on a real (non-fallback)
 * adapter, else WASM (SIMD), else WebGL, else CPU; the user may override. A backend that fails to start
 * falls back to the next one, and the reason is kept for the UI.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { chooseBackend } from '../src/lib/models/neural/backend';
import type { BackendInfo } from './train.api';

type TF = typeof import('@tensorflow/tfjs');
let tfp: Promise<TF> | null = null;
let adapter: { isFallbackAdapter: boolean; description: string } | null | undefined;
let notes: string[] = [];

export function loadTf(): Promise<TF> {
  tfp ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
    setFlags(tf);
    return tf;
  })();
  return tfp;
}

function setFlags(tf: TF) {
  // Threaded wasm needs cross-origin isolation and hangs minified builds without it (toolchain notes).
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

/**
 * Throws away every backend and tensor (a backend that ran out of memory, e.g. a WebAssembly heap left
 * "out of bounds", fails every later job) and starts `name` afresh: a new WebAssembly instance, a new GPU
 * device. Tensors made before (models trained earlier on TF.js) are gone afterwards.
 */
export async function rebuildBackend(name: string): Promise<BackendInfo> {
  const tf = await loadTf();
  resetEngine(tf);
  const r = await useBackend(name);
  r.notes.unshift(`The ${name} backend was rebuilt after a failure.`);
  return r;
}

function resetEngine(tf: TF) {
  const engine = tf.engine() as unknown as { reset(): void; registry: Record<string, { dispose(): void }>; backendName: string | null; backendInstance: unknown; pendingBackendInit: unknown };
  try {
    engine.reset();
  } catch {
    // An aborted backend throws while its tensors are disposed, so reset stops half-way: finish it here,
    // or setBackend would hand back the same broken instance instead of a fresh one from its factory.
    for (const name of Object.keys(engine.registry)) {
      try {
        engine.registry[name].dispose();
      } catch {
        /* broken */
      }
      delete engine.registry[name];
    }
    engine.backendName = null;
    engine.backendInstance = null;
    engine.pendingBackendInit = null;
  }
  setFlags(tf);
}

/** Whether the current backend still computes (1 + 1 on it). */
function healthy(tf: TF): boolean {
  try {
    return tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync()[0]) === 2;
  } catch {
    return false;
  }
}

/**
 * Test hook: allocates 512 MB tensors on the current backend until an allocation fails, as a model too
 * big for memory does, and leaves the backend as that failure leaves it. Returns the failure's message.
 */
export async function exhaustMemory(): Promise<string> {
  const tf = await loadTf();
  // Only WebAssembly has a bounded heap; elsewhere this would exhaust the whole tab.
  if (tf.getBackend() !== 'wasm') return `not on ${tf.getBackend()}: choose the wasm backend`;
  const held: { dispose(): void }[] = [];
  try {
    for (let i = 0; i < 64; i++) held.push(tf.fill([128 * 2 ** 20], 1));
    return 'no allocation failed';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    for (const t of held) {
      try {
        t.dispose();
      } catch {
        /* the heap may be gone */
      }
    }
  }
}

/** Memory a backend can give one training run (bytes): WebAssembly's heap is at most 2–4 GB; GPUs are assumed no larger. */
export function memoryBudget(backend: string): number {
  return backend === 'cpu' ? 2 ** 31 : 2 ** 30;
}

let asked: Promise<typeof adapter> | null = null;

/** The WebGPU adapter, asked for once (the promise is shared, so concurrent callers agree). */
function gpuAdapter() {
  asked ??= requestGpuAdapter();
  return asked;
}

async function requestGpuAdapter() {
  adapter = null;
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean; architecture?: string; vendor?: string; description?: string } } | null> } }).gpu;
  if (gpu) {
    const a = await gpu.requestAdapter().catch(() => null);
    if (a) {
      const fallback = Boolean(a.info?.isFallbackAdapter ?? a.isFallbackAdapter ?? a.info?.architecture === 'swiftshader');
      adapter = { isFallbackAdapter: fallback, description: [a.info?.vendor, a.info?.architecture, a.info?.description].filter(Boolean).join(' ') || 'unknown' };
    }
  }
  return adapter;
}

function hasWebgl(): boolean {
  try {
    return typeof OffscreenCanvas !== 'undefined' && !!new OffscreenCanvas(1, 1).getContext('webgl2');
  } catch {
    return false;
  }
}

/** Backends this browser can run, best first. */
export async function availableBackends(): Promise<string[]> {
  const a = await gpuAdapter();
  return [...(a ? ['webgpu'] : []), 'wasm', ...(hasWebgl() ? ['webgl'] : []), 'cpu'];
}

/** Starts the chosen (or the best) backend; falls back in order when one fails. */
export async function useBackend(override?: string): Promise<BackendInfo> {
  const tf = await loadTf();
  const available = await availableBackends();
  const a = await gpuAdapter();
  const first = chooseBackend({ gpuAdapterInfo: a, available, override: override && override !== 'auto' ? override : undefined });
  const order = [first, ...['wasm', 'webgl', 'cpu'].filter((b) => b !== first && available.includes(b))];
  notes = [];
  for (const b of order) {
    try {
      if (b === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
      if (tf.getBackend() !== b) {
        const ok = await tf.setBackend(b);
        if (!ok) throw new Error('setBackend returned false');
      }
      await tf.ready();
      if (!healthy(tf)) {
        // Left broken by an earlier failure (e.g. an aborted WebAssembly heap): a fresh instance of it.
        resetEngine(tf);
        if (!(await tf.setBackend(b))) throw new Error('setBackend returned false after a rebuild');
        await tf.ready();
        notes.push(`The ${b} backend had failed and was rebuilt.`);
      }
      return info(tf, available);
    } catch (e) {
      notes.push(`${b} failed to start (${e instanceof Error ? e.message : String(e)}); trying the next backend`);
    }
  }
  throw new Error(`No TF.js backend could start: ${notes.join('; ')}`);
}

export function info(tf: TF, available: string[]): BackendInfo {
  const b = tf.getBackend();
  return {
    backend: b,
    adapter: b === 'webgpu' && adapter ? `${adapter.description}${adapter.isFallbackAdapter ? ' (software fallback adapter)' : ''}` : null,
    available,
    notes: [...notes],
  };
}
