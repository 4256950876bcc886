import * as tf from '@tensorflow/tfjs';

/**
 * Puts TF.js on its wasm backend in Node, as the CLI does (`useWasmBackend` in src/cli/runCli.ts; about 3×
 * the pure-JS `cpu` backend on these small networks), else leaves it on `cpu`; returns the backend in use.
 * Test files share one TF.js per vitest worker (isolate: false), so a file that trains calls this (or
 * `tf.setBackend`) itself rather than relying on what an earlier file left.
 */
export async function useWasmBackend(): Promise<string> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
  } catch {
    await tf.setBackend('cpu');
  }
  await tf.ready();
  return tf.getBackend();
}
