/**
 * A `SqlEngine` in another worker: the db worker serves its engine as an {@link EngineEndpoint} on a message
 * port, and the training worker (or a test) uses it through {@link remoteEngine}, so the pipeline's stages
 * run unchanged wherever the models are. Results cross as Arrow IPC bytes.
 */
import { ipcToTable, tableToIpc } from './arrowIpc';
import type { SqlEngine } from './engine';

/** What crosses the port: statements, and queries answered with Arrow IPC stream bytes. */
export interface EngineEndpoint {
  exec(sql: string): Promise<void>;
  queryIpc(sql: string): Promise<Uint8Array>;
}

/** Serves `engine` as an endpoint (the worker exposes it on a port). */
export function engineEndpoint(engine: SqlEngine): EngineEndpoint {
  return {
    exec: (sql) => engine.exec(sql),
    queryIpc: async (sql) => tableToIpc(await engine.query(sql)),
  };
}

/** The engine behind an endpoint (e.g. a comlink proxy of another worker's endpoint). */
export function remoteEngine(endpoint: EngineEndpoint): SqlEngine {
  return {
    exec: (sql) => endpoint.exec(sql),
    query: async (sql) => ipcToTable(await endpoint.queryIpc(sql)),
  };
}
