/** parquet-wasm for the page, loaded and initialised on first use (its wasm is a built file, no network). */
import type { ParquetWriter } from '../lib/export';

let ready: Promise<ParquetWriter> | null = null;

export function parquetModule(): Promise<ParquetWriter> {
  ready ??= (async () => {
    const [pq, wasm] = await Promise.all([import('parquet-wasm/esm'), import('parquet-wasm/esm/parquet_wasm_bg.wasm?url')]);
    await pq.default(wasm.default);
    return pq as unknown as ParquetWriter;
  })();
  return ready;
}
