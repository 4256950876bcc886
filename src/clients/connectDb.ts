/**
 * Workers that read the db worker's engine over a port of their own (train, promo, replenish): the port is
 * connected at every start of either side, and when the db worker is replaced a dependent with a job
 * waiting on the dead port is replaced too (its job fails; it never hangs).
 */
import { transfer, type Remote } from 'comlink';
import { db, dbWorker } from './db';
import { onRestart, type Supervisor } from './supervise';

interface EngineClient {
  connectEngine(port: MessagePort): Promise<void>;
}

/** Connects `api` to the db worker's engine over a new MessageChannel. */
export function connectDb(api: Remote<EngineClient>): void {
  const { port1, port2 } = new MessageChannel();
  void db().connectEngine(transfer(port1, [port1])).catch(() => undefined);
  void api.connectEngine(transfer(port2, [port2])).catch(() => undefined);
}

/** Keeps `sup`'s engine port alive across db worker restarts. */
export function followDb(sup: Supervisor<EngineClient>): void {
  onRestart(dbWorker.name, () => {
    if (!sup.started) return;
    if (sup.pending > 0) sup.restart('dependency');
    else connectDb(sup.api());
  });
}
