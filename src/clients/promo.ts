/** The one place the page reaches the promotion worker; `cancelPromo()` terminates it (HiGHS cannot be interrupted). */
import { wrap, type Remote } from 'comlink';
import type { PromoApi } from '../../workers/promo.api';

let worker: Worker | null = null;
let api: Remote<PromoApi> | null = null;

export function promoWorker(): Remote<PromoApi> {
  if (!api) {
    worker = new Worker(new URL('../../workers/promo.worker.ts', import.meta.url), { type: 'module', name: 'promo' });
    api = wrap<PromoApi>(worker);
  }
  return api;
}

/** Stops the running optimisation or learning run; the next call starts a fresh worker. */
export function cancelPromo(): void {
  worker?.terminate();
  worker = null;
  api = null;
}
