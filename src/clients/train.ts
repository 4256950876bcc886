/** The one place the page reaches the training worker (supervised; connected to the db worker's engine on every start). */
import type { Remote } from 'comlink';
import type { TrainApi } from '../../workers/train.api';
import { Supervisor } from './supervise';
import { connectDb, followDb } from './connectDb';

export const trainWorker = new Supervisor<TrainApi>({
  name: 'train',
  label: 'the training worker',
  create: (name) => new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name }),
  // The training worker runs the pipeline's SQL stages on the db worker's engine, over a port of their own.
  setup: (api) => connectDb(api),
});
followDb(trainWorker);

export function trainer(): Remote<TrainApi> {
  return trainWorker.api();
}
