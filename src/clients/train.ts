/** The one place the page reaches the training worker (supervised; connected to the db worker's engine on every start). */
import type { Remote } from 'comlink';
import type { TrainApi } from '../../workers/train.api';
import { Supervisor } from './supervise';
import { connectDb, followDb } from './connectDb';

export const trainWorker = new Supervisor<TrainApi>({
  name: 'train',
  label: 'the training worker',
  create: (name) => new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name }),
  // Some steps run synchronously for a long while on large data (framing, tree binning): only a worker
  // silent for 90 s is taken as hung.
  unresponsiveMs: 90_000,
  // The training worker runs the pipeline's SQL stages on the db worker's engine, over a port of their own.
  setup: (api) => connectDb(api),
});
followDb(trainWorker);

export function trainer(): Remote<TrainApi> {
  return trainWorker.api();
}
