/** The one place the page reaches the replenishment worker (supervised). */
import type { Remote } from 'comlink';
import type { ReplenishApi } from '../../workers/replenish.api';
import { Supervisor } from './supervise';
import { connectDb, followDb } from './connectDb';

export const replenishWorker = new Supervisor<ReplenishApi>({
  name: 'replenish',
  label: 'the replenishment worker',
  create: (name) => new Worker(new URL('../../workers/replenish.worker.ts', import.meta.url), { type: 'module', name }),
  // The study reads the histories from the db worker's engine, over a port of their own.
  setup: (api) => connectDb(api),
});
followDb(replenishWorker);

export function replenisher(): Remote<ReplenishApi> {
  return replenishWorker.api();
}
