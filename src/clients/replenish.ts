/** The one place the page reaches the replenishment worker. */
import { wrap, type Remote } from 'comlink';
import type { ReplenishApi } from '../../workers/replenish.api';

let api: Remote<ReplenishApi> | null = null;

export function replenisher(): Remote<ReplenishApi> {
  api ??= wrap<ReplenishApi>(new Worker(new URL('../../workers/replenish.worker.ts', import.meta.url), { type: 'module', name: 'replenish' }));
  return api;
}
