/** Seeded synthetic regression sets shared by the tree tests. */
import { createRng } from '../../../../src/lib/data/random';

export interface Synth {
  columns: Float32Array[];
  y: Float32Array;
}

/** `n` rows of `f` standard-normal-ish features with `y = target(row features) + noise·N(0,1)`. */
export function synth(n: number, f: number, seed: number, target: (x: number[]) => number, noise = 0): Synth {
  const rng = createRng(seed);
  const columns = Array.from({ length: f }, () => new Float32Array(n));
  const y = new Float32Array(n);
  const x = new Array<number>(f);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) x[j] = columns[j][i] = rng.next() * 6 - 3;
    y[i] = target(x) + noise * rng.normal();
  }
  return { columns, y };
}

export const mse = (p: ArrayLike<number>, y: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i] - y[i]) ** 2;
  return s / y.length;
};

export const mae = (p: ArrayLike<number>, y: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(p[i] - y[i]);
  return s / y.length;
};
