/** The one place the page reaches the DuckDB worker (supervised: a dead worker is replaced, see supervise.ts). */
import type { Remote } from 'comlink';
import type { DbApi } from '../../workers/db.api';
import { Supervisor } from './supervise';

export const dbWorker = new Supervisor<DbApi>({
  name: 'db',
  label: 'the data worker',
  create: (name) => new Worker(new URL('../../workers/db.worker.ts', import.meta.url), { type: 'module', name }),
});

export function db(): Remote<DbApi> {
  return dbWorker.api();
}
