/** The one place the page reaches the training worker (connected to the db worker's engine on start). */
import { transfer, wrap, type Remote } from 'comlink';
import type { TrainApi } from '../../workers/train.api';
import { db } from './db';

let api: Remote<TrainApi> | null = null;

export function trainer(): Remote<TrainApi> {
  if (!api) {
    api = wrap<TrainApi>(new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' }));
    // The training worker runs the pipeline's SQL stages on the db worker's engine, over a port of their own.
    const { port1, port2 } = new MessageChannel();
    void db().connectEngine(transfer(port1, [port1]));
    void api.connectEngine(transfer(port2, [port2]));
  }
  return api;
}
