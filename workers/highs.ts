/** HiGHS in a Vite worker: the wasm file comes from the bundle (see shared/design/libraries.md). */
import loadHighs from 'highs';
import wasmUrl from 'highs/runtime?url';
import type { HighsSolver } from '../src/lib/promo';

let solver: Promise<HighsSolver> | null = null;

/** The loaded solver (loaded once, lazily). */
export function highs(): Promise<HighsSolver> {
  solver ??= loadHighs({ locateFile: (f: string) => (f.endsWith('.wasm') ? wasmUrl : f) }) as unknown as Promise<HighsSolver>;
  return solver;
}
