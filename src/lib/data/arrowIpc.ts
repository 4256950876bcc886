/**
 * Arrow tables ↔ IPC stream bytes, so query results cross a worker boundary as bytes (transferred), never
 * as row objects. Handles tables made by another copy of apache-arrow (the CommonJS one DuckDB's Node
 * bindings load), for which `instanceof` fails.
 */
import { Bool, Data, DataType, Date_, Decimal, Field, Float, Int, makeData, Null, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Table, Timestamp, Type, Utf8, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { ArrowLikeTable } from './engine';

/** IPC stream bytes of an Arrow table (a query result); the bytes own their buffer (safe to transfer). */
export function tableToIpc(table: unknown): Uint8Array {
  let ipc = table instanceof Table ? tableToIPC(table, 'stream') : foreignToIpc(table as Table);
  if (ipc.byteOffset !== 0 || ipc.byteLength !== ipc.buffer.byteLength) ipc = ipc.slice();
  return ipc;
}

/** The Arrow table of IPC stream bytes. */
export function ipcToTable(ipc: Uint8Array): ArrowLikeTable {
  return tableFromIPC(ipc) as unknown as ArrowLikeTable;
}

/** A DataType of another copy of apache-arrow as one of ours. */
function ownType(t: DataType): DataType {
  const x = t as unknown as Record<string, never>;
  switch (t.typeId) {
    case Type.Null: return new Null();
    case Type.Bool: return new Bool();
    case Type.Int: return new Int(x.isSigned, x.bitWidth);
    case Type.Float: return new Float(x.precision);
    case Type.Utf8: return new Utf8();
    case Type.Date: return new Date_(x.unit);
    case Type.Decimal: return new Decimal(x.scale, x.precision, x.bitWidth);
    case Type.Timestamp: return new Timestamp(x.unit, x.timezone);
    default: throw new Error(`tableToIpc: cannot re-encode a column of type ${String(t)}`);
  }
}

function ownData(d: Data): Data {
  const buffers = [d.valueOffsets, d.values, d.nullBitmap, d.typeIds] as unknown as ConstructorParameters<typeof Data>[4];
  return new Data(ownType(d.type), d.offset, d.length, d.nullCount, buffers, (d.children ?? []).map(ownData));
}

function foreignToIpc(t: Table): Uint8Array {
  const schema = new Schema(t.schema.fields.map((f) => new Field(f.name, ownType(f.type), f.nullable)));
  const writer = new RecordBatchStreamWriter();
  for (const b of t.batches) {
    const data = makeData({ type: new Struct(schema.fields), length: b.numRows, nullCount: 0, children: b.data.children.map(ownData) });
    writer.write(new RecordBatch(schema, data));
  }
  if (!t.batches.length) writer.reset(undefined, schema);
  writer.finish();
  return writer.toUint8Array(true);
}
