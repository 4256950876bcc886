/**
 * The db worker's SQL engine on a port of its own, for the bench and the browser tests (the shared SQL
 * suites): not part of the product's API. Loaded lazily (it brings apache-arrow).
 */
import { transfer, wrap } from 'comlink';
import { plainRows, type SqlEngine } from '../lib/data/engine';
import { remoteEngine, type EngineEndpoint } from '../lib/data/remoteEngine';
import { db, dbWorker } from './db';
import { onRestart } from './supervise';

let engine: SqlEngine | null = null;
// A replaced db worker serves its engine on a new port.
onRestart(dbWorker.name, () => (engine = null));

/** The engine (connected on first use). */
export function sqlEngine(): SqlEngine {
  if (!engine) {
    const { port1, port2 } = new MessageChannel();
    void db().connectEngine(transfer(port1, [port1]));
    engine = remoteEngine(wrap<EngineEndpoint>(port2));
  }
  return engine;
}

/** Runs `sql`: plain row objects for 'query' (dates as ISO strings), nothing for 'exec'. */
export async function sql(text: string, mode: 'query' | 'exec' = 'query'): Promise<Record<string, unknown>[]> {
  if (mode === 'exec') {
    await sqlEngine().exec(text);
    return [];
  }
  const r = await plainRows(sqlEngine(), text);
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
}
