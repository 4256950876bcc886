/** The one place the page reaches the promotion worker (supervised); `cancelPromo()` terminates it (HiGHS cannot be interrupted). */
import type { Remote } from 'comlink';
import type { PromoApi } from '../../workers/promo.api';
import { Supervisor } from './supervise';
import { connectDb, followDb } from './connectDb';

export const promoSupervisor = new Supervisor<PromoApi>({
  name: 'promo',
  label: 'the promotion worker',
  create: (name) => new Worker(new URL('../../workers/promo.worker.ts', import.meta.url), { type: 'module', name }),
  // Histories are read from the db worker's engine, over a port of their own.
  setup: (api) => connectDb(api),
});
followDb(promoSupervisor);

export function promoWorker(): Remote<PromoApi> {
  return promoSupervisor.api();
}

/** Stops the running optimisation or learning run (its call rejects as cancelled); the next call starts a fresh worker. */
export function cancelPromo(): void {
  promoSupervisor.terminate();
}
