/** DuckDB-WASM's worker script, imported for its side effects by duckdbWorker.ts. */
declare module '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js';
