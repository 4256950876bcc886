/**
 * How much memory a dense network needs to train, and what would fit: used to turn an out-of-memory
 * failure into advice ("layers of at most 2,900 units fit"). An estimate in float32 bytes: weights,
 * their gradients and Adam's two moments (4 copies of every parameter), plus a batch's activations kept
 * for the backward pass (inputs, every hidden layer twice, outputs).
 */

/** A dense network's shape and batch. */
export interface NetSize {
  inputs: number;
  hidden: number[];
  outputs: number;
  batchSize: number;
}

/** Weights and biases of the dense layers. */
export function denseParameters(size: Pick<NetSize, 'inputs' | 'hidden' | 'outputs'>): number {
  const widths = [size.inputs, ...size.hidden, size.outputs];
  let n = 0;
  for (let i = 1; i < widths.length; i++) n += widths[i - 1] * widths[i] + widths[i];
  return n;
}

/** Estimated bytes to train `size` (see the module's note). */
export function trainingBytes(size: NetSize): number {
  const activations = size.batchSize * (size.inputs + 2 * size.hidden.reduce((a, b) => a + b, 0) + size.outputs);
  return 4 * (4 * denseParameters(size) + activations);
}

/** The largest width (same for every hidden layer, as many layers) whose training fits in `budgetBytes`; 0 if none. */
export function widthThatFits(size: NetSize, budgetBytes: number): number {
  const layers = Math.max(1, size.hidden.length);
  const at = (w: number) => trainingBytes({ ...size, hidden: Array(layers).fill(w) });
  if (at(1) > budgetBytes) return 0;
  let lo = 1;
  let hi = 2;
  while (at(hi) <= budgetBytes) hi *= 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid) <= budgetBytes) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A sentence saying how big the network was and what would fit in `budgetBytes`. */
export function memoryAdvice(size: NetSize, budgetBytes: number): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const gb = (b: number) => `${(b / 2 ** 30).toFixed(b < 2 ** 30 ? 2 : 1)} GB`;
  const params = denseParameters(size);
  const need = trainingBytes(size);
  const w = widthThatFits(size, budgetBytes);
  const layers = Math.max(1, size.hidden.length);
  const fits = w > 0
    ? `Hidden layers of at most ${fmt(w)} units (${layers} layer${layers > 1 ? 's' : ''}, batch ${fmt(size.batchSize)}) fit in about ${gb(budgetBytes)}.`
    : `Even one unit per layer does not fit with batch ${fmt(size.batchSize)}; lower the batch size.`;
  return `The network (hidden ${size.hidden.map(fmt).join(' × ')}) has ${fmt(params)} weights and needs about ${gb(need)} to train. ${fits}`;
}

/** Whether an error looks like memory exhaustion (TF.js, WebAssembly, typed-array allocation, GPU). */
export function isMemoryError(e: unknown): boolean {
  const text = e instanceof Error ? `${e.name} ${e.message}` : String(e);
  return /out of memory|memory access out of bounds|allocation failed|failed to allocate|cannot enlarge memory|invalid typed array length|array buffer|\bOOM\b|Aborted\(|RangeError|exceeds the (maximum|max)|too large/i.test(text);
}
