/** JSON round-trip of tree ensembles (typed arrays ↔ plain number arrays). */
import type { Tree, TreeEnsemble } from './types';

/** Plain-JSON form of a `TreeEnsemble` (every typed array as `number[]`, ±Infinity as strings). */
export type TreeEnsembleJson = Omit<TreeEnsemble, 'trees' | 'featureGain'> & {
  trees: Record<keyof Tree, (number | string)[]>[];
  featureGain: number[];
};

const num = (x: number): number | string => (Number.isFinite(x) ? x : String(x));
const parse = (x: number | string): number => (typeof x === 'number' ? x : Number(x));

/** Converts a model to an object `JSON.stringify` keeps exactly. */
export function treesToJson(model: TreeEnsemble): TreeEnsembleJson {
  return {
    ...model,
    featureGain: Array.from(model.featureGain),
    trees: model.trees.map((t) => ({
      feature: Array.from(t.feature),
      threshold: Array.from(t.threshold, num),
      left: Array.from(t.left),
      right: Array.from(t.right),
      flags: Array.from(t.flags),
      value: Array.from(t.value),
      catBits: Array.from(t.catBits),
    })),
  };
}

/** Inverse of `treesToJson`. */
export function treesFromJson(json: TreeEnsembleJson): TreeEnsemble {
  return {
    ...json,
    featureGain: Float64Array.from(json.featureGain),
    trees: json.trees.map((t) => ({
      feature: Int32Array.from(t.feature, parse),
      threshold: Float64Array.from(t.threshold, parse),
      left: Int32Array.from(t.left, parse),
      right: Int32Array.from(t.right, parse),
      flags: Uint8Array.from(t.flags, parse),
      value: Float64Array.from(t.value, parse),
      catBits: Uint32Array.from(t.catBits, parse),
    })),
  };
}
