/**
 * Training-throughput probes shared by the Node bench and the bench page's worker: the MLP
 * (32→64→64→1, batch 256, Adam — the studio's own `microBenchmark`) and an LSTM shaped like the
 * studio's sequence defaults (look-back 56, 4 channels, 32 units, 14 outputs, batch 64).
 */
import type * as TF from '@tensorflow/tfjs';
import { lstmBenchmark, microBenchmark } from '../../src/lib/models/neural';

export interface ThroughputOptions {
  mlpSteps: number;
  lstmSteps: number;
}

export interface Throughput {
  backend: string;
  mlpSamplesPerSec: number | null;
  lstmSamplesPerSec: number | null;
  note: string;
}

/** Switches to `backend` and measures both networks; a backend that cannot start gives nulls and a note. */
export async function measureBackend(tf: typeof TF, backend: string, o: ThroughputOptions, note = ''): Promise<Throughput> {
  const out: Throughput = { backend, mlpSamplesPerSec: null, lstmSamplesPerSec: null, note };
  try {
    if (!(await tf.setBackend(backend))) return { ...out, note: `${note}${note ? '; ' : ''}backend did not start` };
    await tf.ready();
    out.mlpSamplesPerSec = await microBenchmark(tf, { steps: o.mlpSteps, batchSize: 256 });
    out.lstmSamplesPerSec = o.lstmSteps > 0 ? await lstmBenchmark(tf, { steps: o.lstmSteps }) : null;
  } catch (e) {
    out.note = `${note}${note ? '; ' : ''}error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
  return out;
}
