/** The one place the page reaches the DuckDB worker. */
import { wrap, type Remote } from 'comlink';
import type { DbApi } from '../../workers/db.api';

let api: Remote<DbApi> | null = null;

export function db(): Remote<DbApi> {
  api ??= wrap<DbApi>(new Worker(new URL('../../workers/db.worker.ts', import.meta.url), { type: 'module', name: 'db' }));
  return api;
}
