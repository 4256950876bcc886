/**
 * Saving a fitted global model as one JSON document (trees, linear weights, scales, conformal residuals,
 * and for the MLP and the sequence networks their TF.js artifacts with base64 weights), and loading it back. Typed arrays and
 * ArrayBuffers are tagged so they come back as the same types.
 */
import type { Fitted } from '../protocol';
import type { FeatureColumn } from '../../features';

export const MODEL_FILE_KIND = 'forecast-studio-model';

/** The sequence networks: their fitted state holds a TF.js network under `net`. */
const SEQ_NETWORKS = new Set(['lstm', 'gru', 'tide', 'transformer']);

export interface SavedModel {
  kind: typeof MODEL_FILE_KIND;
  version: 1;
  model: string;
  savedAt: string;
  /** Feature columns the model was fitted on (a later feature table must match them). */
  columns: FeatureColumn[];
  h: number;
  state: unknown;
}

type Tagged = { __typed: string; b64: string };
const TYPED: Record<string, { new (b: ArrayBuffer): ArrayBufferView }> = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
};

function toB64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromB64(b64: string): ArrayBuffer {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out.buffer;
}

function replacer(_k: string, v: unknown): unknown {
  if (v instanceof ArrayBuffer) return { __typed: 'ArrayBuffer', b64: toB64(new Uint8Array(v)) } satisfies Tagged;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return { __typed: v.constructor.name, b64: toB64(bytes) } satisfies Tagged;
  }
  return v;
}

function reviver(_k: string, v: unknown): unknown {
  if (v && typeof v === 'object' && '__typed' in v && 'b64' in v) {
    const t = v as Tagged;
    const buf = fromB64(t.b64);
    if (t.__typed === 'ArrayBuffer') return buf;
    const C = TYPED[t.__typed];
    if (!C) throw new Error(`model file: unknown array type ${t.__typed}`);
    return new C(buf);
  }
  return v;
}

/** Serialises a fitted global model (the MLP's network through its TF.js artifacts). */
export async function saveModel(fitted: Fitted, columns: FeatureColumn[], h: number): Promise<string> {
  let state = fitted.state as Record<string, unknown>;
  if (fitted.model === 'mlp') {
    const { toArtifacts } = await import('../neural');
    state = { ...state, model: await toArtifacts(state.model as Parameters<typeof toArtifacts>[0]) };
  } else if (SEQ_NETWORKS.has(fitted.model)) {
    // A sequence network keeps its TF.js network under `net` (see `seqModel` in ./neural).
    const { toArtifacts } = await import('../neural');
    state = { ...state, net: await toArtifacts(state.net as Parameters<typeof toArtifacts>[0]) };
  }
  const doc: SavedModel = { kind: MODEL_FILE_KIND, version: 1, model: fitted.model, savedAt: new Date().toISOString(), columns, h, state };
  return JSON.stringify(doc, replacer);
}

/** Reads a model file; throws an Error naming what is wrong when it is not one. */
export async function loadModel(text: string): Promise<{ fitted: Fitted; doc: SavedModel }> {
  let doc: SavedModel;
  try {
    doc = JSON.parse(text, reviver);
  } catch {
    throw new Error('this file is not a Forecast Studio model (it is not JSON)');
  }
  if (doc?.kind !== MODEL_FILE_KIND || doc.version !== 1) throw new Error('this file is not a Forecast Studio model file (version 1)');
  let state = doc.state as Record<string, unknown>;
  if (doc.model === 'mlp') {
    const { fromArtifacts } = await import('../neural');
    state = { ...state, model: await fromArtifacts(state.model as Parameters<typeof fromArtifacts>[0]) };
  } else if (SEQ_NETWORKS.has(doc.model)) {
    const { fromArtifacts } = await import('../neural');
    state = { ...state, net: await fromArtifacts(state.net as Parameters<typeof fromArtifacts>[0]) };
  }
  return { fitted: { model: doc.model, state }, doc };
}
