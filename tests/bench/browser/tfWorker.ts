/// <reference lib="webworker" />
/**
 * The bench page's TF.js worker: measures the MLP and LSTM throughput on each requested backend.
 * WebGPU counts as a software adapter when Chromium offers only SwiftShader's fallback adapter.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { measureBackend, type Throughput, type ThroughputOptions } from '../tfBench';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

interface AdapterInfo {
  isFallbackAdapter?: boolean;
  architecture?: string;
  vendor?: string;
}

async function adapterInfo(): Promise<AdapterInfo | null> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ isFallbackAdapter?: boolean; info?: AdapterInfo } | null> } }).gpu;
  const a = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  return a ? { ...a.info, isFallbackAdapter: a.info?.isFallbackAdapter ?? a.isFallbackAdapter } : null;
}

self.onmessage = async (e: MessageEvent<{ backends: string[]; options: Record<string, ThroughputOptions> }>) => {
  const { backends } = e.data;
  const out: Throughput[] = [];
  for (const b of backends) {
    const options = e.data.options[b] ?? { mlpSteps: 20, lstmSteps: 2 };
    if (b === 'webgpu') {
      const a = await adapterInfo();
      if (!a) {
        out.push({ backend: b, mlpSamplesPerSec: null, lstmSamplesPerSec: null, note: 'no WebGPU adapter' });
        continue;
      }
      const software = a.isFallbackAdapter || a.architecture === 'swiftshader';
      // SwiftShader is 10–40× slower than wasm: a few steps are enough to see it.
      const o = software ? { mlpSteps: Math.min(3, options.mlpSteps), lstmSteps: Math.min(1, options.lstmSteps) } : options;
      out.push(await measureBackend(tf, b, o, software ? `software adapter (${a.architecture || 'fallback'}), ${o.mlpSteps}/${o.lstmSteps} steps` : `${a.vendor ?? ''} ${a.architecture ?? ''}`.trim()));
    } else out.push(await measureBackend(tf, b, options));
  }
  self.postMessage(out);
};
