/** The one place the page reaches the replenishment worker. */
import { transfer, wrap, type Remote } from 'comlink';
import type { ReplenishApi } from '../../workers/replenish.api';
import { db } from './db';

let api: Remote<ReplenishApi> | null = null;

export function replenisher(): Remote<ReplenishApi> {
  if (!api) {
    api = wrap<ReplenishApi>(new Worker(new URL('../../workers/replenish.worker.ts', import.meta.url), { type: 'module', name: 'replenish' }));
    // The study reads the histories from the db worker's engine, over a port of their own.
    const { port1, port2 } = new MessageChannel();
    void db().connectEngine(transfer(port1, [port1]));
    void api.connectEngine(transfer(port2, [port2]));
  }
  return api;
}
