/// <reference lib="webworker" />
/**
 * DuckDB-WASM's own worker, started as a module worker of this site so that the network guard runs in
 * it before DuckDB does (the guard must be the first import).
 */
import './networkGuard';
// The package declares `sideEffects: false`; holding the namespace keeps the bundler from dropping it.
import * as duckdbWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js';

(globalThis as unknown as { __duckdbWorker: unknown }).__duckdbWorker = duckdbWorker;
