/** The one place the page reaches the promotion worker; `cancelPromo()` terminates it (HiGHS cannot be interrupted). */
import { transfer, wrap, type Remote } from 'comlink';
import type { PromoApi } from '../../workers/promo.api';
import { db } from './db';

let worker: Worker | null = null;
let api: Remote<PromoApi> | null = null;

export function promoWorker(): Remote<PromoApi> {
  if (!api) {
    worker = new Worker(new URL('../../workers/promo.worker.ts', import.meta.url), { type: 'module', name: 'promo' });
    api = wrap<PromoApi>(worker);
    // Histories are read from the db worker's engine, over a port of their own.
    const { port1, port2 } = new MessageChannel();
    void db().connectEngine(transfer(port1, [port1]));
    void api.connectEngine(transfer(port2, [port2]));
  }
  return api;
}

/** Stops the running optimisation or learning run; the next call starts a fresh worker. */
export function cancelPromo(): void {
  worker?.terminate();
  worker = null;
  api = null;
}
