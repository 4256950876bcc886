/**
 * JSON text for the results kept with a project (a backtest summary, a trained model's forecasts): typed
 * arrays travel as base64 of their bytes, so NaN and every digit come back exactly.
 */

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;
const TAG = '$typed';

function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** JSON text of `value`, typed arrays included. */
export function encodeSlice(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const name = v.constructor.name as TypedName;
      if (!(name in TYPED)) throw new Error(`encodeSlice: ${name} is not supported`);
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      return { [TAG]: name, b64: toBase64(bytes) };
    }
    return v;
  });
}

/** The value of {@link encodeSlice}'s text. Throws on text that is not JSON or a typed array that is damaged. */
export function decodeSlice<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && TAG in v) {
      const { [TAG]: name, b64 } = v as { [TAG]: string; b64: unknown };
      if (!(name in TYPED) || typeof b64 !== 'string') throw new Error('a stored array is damaged');
      const Ctor = TYPED[name as TypedName];
      const bytes = fromBase64(b64);
      if (bytes.length % Ctor.BYTES_PER_ELEMENT) throw new Error('a stored array is damaged');
      const copy = new ArrayBuffer(bytes.length);
      new Uint8Array(copy).set(bytes);
      return new Ctor(copy);
    }
    return v;
  }) as T;
}
