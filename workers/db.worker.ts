/// <reference lib="webworker" />
/**
 * The DuckDB worker: every byte of the user's data is parsed, cleaned, profiled and kept here (and in
 * OPFS), never on the main thread. The page talks to it only through `DbApi` (db.api.ts).
 */
import './networkGuard'; // first: no request beyond this site's origin from this worker
import './lifeline'; // the page's supervisor learns at once when this worker ends (src/clients/supervise.ts)
import { expose, transfer } from 'comlink';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ColumnMapping } from '../src/lib/data/contract';
import { ident, literal, rows } from '../src/lib/data/engine';
import { sniffFile, type CsvReadOptions } from '../src/lib/data/ingest';
import { decodeUpload, loadUpload } from '../src/lib/data/readUpload';
import { guessMapping, prepareSales, profileColumns, type PreparedData, type RawColumn, type RawTable } from '../src/lib/data/prepare';
import { seriesProfileSql, type CleaningOptions } from '../src/lib/data/cleaning';
import type { DbApi, IngestResult, OpenedProject, ProjectRecord, SeriesRow, SeriesValues } from './db.api';
import { selectionLabel, selectionWhere } from '../src/lib/data/selection';
import { duck, uploadPath } from './duckdb';
import type { FeatureColumn } from '../src/lib/features';
import type { FeatureDbApi } from './db.api';
import { buildFeatures, checkCustom, featureBuildKey, featureIpc, featurePreview, featureSummary, type FeatureBuildResult } from './features';
import { tableExists } from '../src/lib/pipeline/loadCsv';
import { engineEndpoint } from '../src/lib/data/remoteEngine';
import { clearAll } from './opfs';
import { isOwner, keepSlice, openBytes, persistRecord, savedRecord, savedSlices, setOwner, setPending, stage, stashTables, sweepStaged, unstage, type Pending } from './persistence';
import { DEFAULT_LIMITS, readProjectArchive, writeProjectArchive, type ProjectSettings } from '../src/lib/project';

let uploads = 0;
let columns: RawColumn[] = [];
let mapping: ColumnMapping | null = null;
let record: ProjectRecord | null = null;
/** Set while a saved project is being reopened (its record is not saved again). */
let restoring = false;
/** Whether the user has opened a file (or the sample) in this worker's life. */
let userOpened = false;

/**
 * `persist`: the file becomes the open project, pending until its mapping is applied (then saved: its
 * bytes, or for the sample only a record pointing at this site's URL); `false`: read only (a restore).
 * A file that cannot be read leaves the open project's `raw` table and columns as they were.
 */
async function ingestBytes(name: string, bytes: Uint8Array, readOptions: CsvReadOptions, persist: false | 'bytes' | { url: string }): Promise<IngestResult> {
  if (persist) userOpened = true;
  // Written (under a new name) before DuckDB takes the buffer; it replaces the saved project only at Apply.
  const staged = persist ? await stage(bytes, typeof persist === 'object' ? persist.url : undefined) : null;
  const r = await readBytes(name, bytes, readOptions, staged).catch(async (e: unknown) => {
    if (staged) await unstage(staged);
    throw e;
  });
  if (staged && !r.ok) await unstage(staged);
  return r;
}

async function readBytes(name: string, bytes: Uint8Array, readOptions: CsvReadOptions, staged: Pending | null): Promise<IngestResult> {
  const t0 = performance.now();
  const size = bytes.length;
  // gzip / zip / .xlsx / UTF-16 unpacked, long CSV lines measured, JSON / Parquet to Arrow (src/lib/data/readUpload.ts).
  const opened = await decodeUpload(name, bytes, readOptions, { parquetInit: async (m) => void (await m.default(parquetWasm)) });
  const sniff = opened.sniff;
  readOptions = opened.readOptions;
  const base: IngestResult = { ok: false, name, kind: sniff.kind, bytes: size, rows: 0, columns: [], guess: null, profile: [], issues: opened.issues, readOptions, seconds: 0 };
  if (!sniff.kind || !opened.readable) return base;
  const { db, engine } = await duck();
  bytes = opened.bytes;
  const path = uploadPath(++uploads, sniff.kind);
  // The open project's raw table is put aside (renamed) until this file has been read.
  const stash = await stashTables(engine, ['raw'], '_prev');
  let raw: RawTable;
  let guess: Awaited<ReturnType<typeof guessMapping>>;
  let profile: Awaited<ReturnType<typeof profileColumns>>;
  try {
    raw = await loadUpload(engine, opened, name, { path, register: async (p, b) => void (await db.registerFileBuffer(p, b)) });
    if (!raw.rows) {
      await stash.restore();
      return { ...base, issues: [...base.issues, ...raw.issues], columns: raw.columns, seconds: (performance.now() - t0) / 1000 };
    }
    guess = await guessMapping(engine, raw.columns);
    profile = await profileColumns(engine, raw.columns);
  } catch (e) {
    await stash.restore();
    throw e;
  }
  await stash.drop();
  const issues = [...base.issues, ...raw.issues];
  columns = raw.columns;
  if (staged) {
    record = { version: 1, name, kind: sniff.kind, bytes: bytes.length, readOptions: raw.readOptions, mapping: null, statics: [], cleaning: null, savedAt: new Date().toISOString(), ...(staged.url ? { url: staged.url } : {}) };
    await setPending(staged);
  }
  return { ...base, ok: true, rows: raw.rows, columns: raw.columns, guess, profile, issues: [...issues, ...guess.issues], readOptions: raw.readOptions, seconds: (performance.now() - t0) / 1000 };
}

function promoColumn(): string | null {
  return mapping?.covariates.find((c) => c.role === 'promo' && c.type === 'numeric')?.name ?? null;
}

const where = selectionWhere;
const label = selectionLabel;

// ── Features step: the logic lives in ./features.ts; the worker keeps the last build's metadata. ──
let built: { columns: FeatureColumn[]; h: number; strategy: 'direct' | 'recursive' } | null = null;
/** The last successful build and what it depended on (see `featureBuildKey`). */
let lastBuild: { key: string; result: FeatureBuildResult } | null = null;

const featureApi: FeatureDbApi = {
  async buildFeatures(spec, options) {
    const { engine } = await duck();
    if (!mapping) throw new Error('buildFeatures: no mapping applied yet');
    const key = await featureBuildKey(engine, mapping, spec, options);
    if (key && built && lastBuild?.key === key && (await tableExists(engine, 'features'))) return { ...lastBuild.result, reused: true };
    const r = await buildFeatures(engine, mapping, spec, options);
    built = r.rows > 0 ? { columns: r.columns, h: options.h, strategy: options.strategy } : null;
    lastBuild = built && key ? { key, result: r } : null;
    // The user's spec is part of the project: kept with the record so a reload trains with it again.
    if (spec && r.rows > 0 && record) {
      record = { ...record, featureSpec: r.spec, savedAt: new Date().toISOString() };
      record = (await persistRecord(record)).record;
    }
    return r;
  },
  async featureIpc() {
    if (!built) throw new Error('featureIpc: build the features first');
    const { engine } = await duck();
    const { ipc, ids } = await featureIpc(engine);
    return transfer({ ipc, ids, ...built }, [ipc.buffer]);
  },
  async featurePreview(limit = 50) {
    const { engine } = await duck();
    return built ? featurePreview(engine, limit) : { columns: [], rows: [] };
  },
  async featureSummary() {
    const { engine } = await duck();
    return built ? featureSummary(engine, built.columns) : [];
  },
  async checkCustomFeature(feature) {
    const { engine } = await duck();
    return checkCustom(engine, feature);
  },
};

const api: DbApi = {
  ...featureApi,
  async connectEngine(port) {
    const { engine } = await duck();
    const endpoint = engineEndpoint(engine);
    expose({ exec: endpoint.exec, queryIpc: async (sql: string) => {
      const ipc = await endpoint.queryIpc(sql);
      return transfer(ipc, [ipc.buffer]);
    } }, port);
  },
  async ingestFile(file) {
    const head = new Uint8Array(await file.slice(0, 8192).arrayBuffer());
    const sniff = sniffFile(file.name, file.size, head);
    if (!sniff.kind && !sniff.container) return { ok: false, name: file.name, kind: null, bytes: file.size, rows: 0, columns: [], guess: null, profile: [], issues: sniff.issues, readOptions: {}, seconds: 0 };
    return ingestBytes(file.name, new Uint8Array(await file.arrayBuffer()), {}, 'bytes');
  },
  async ingestUrl(url, name) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`Could not fetch ${name}: HTTP ${res.status}`);
    return ingestBytes(name, new Uint8Array(await res.arrayBuffer()), {}, { url });
  },
  async prepare(m, statics, cleaning) {
    const { engine } = await duck();
    const prepared = await prepareSales(engine, m, statics, columns, cleaning);
    if (!prepared.issues.some((i) => i.level === 'error')) {
      mapping = m;
      // The sales table was made again (and the record may be a new project's, which must get the spec
      // saved with it on the next build): no reuse of an earlier build across an Apply.
      lastBuild = null;
      if (record) {
        const same = record.mapping && JSON.stringify(record.mapping) === JSON.stringify(m);
        record = { ...record, mapping: m, statics, cleaning, savedAt: new Date().toISOString(), ...(same ? {} : { featureSpec: null }) };
        if (!restoring) {
          // A new file replaces the saved project only now, once it is read and mapped.
          const saved = await persistRecord(record);
          record = saved.record;
          if (saved.issue) prepared.issues.push(saved.issue);
        }
      }
    }
    return prepared;
  },
  async listSeries({ search = '', sort = 'volume', limit = 200 }) {
    const { engine } = await duck();
    const order = { volume: 'volume DESC', name: 'unique_id', length: 'n DESC', zeros: 'zero_share DESC' }[sort];
    return rows<SeriesRow>(
      engine,
      `SELECT * FROM (${seriesProfileSql()}) WHERE unique_id ILIKE ${literal(`%${search}%`)} ORDER BY ${order} LIMIT ${Math.max(1, Math.min(5000, limit))}`,
    );
  },
  async levels() {
    const { engine } = await duck();
    const cols = (await rows<{ column_name: string }>(engine, 'DESCRIBE series')).map((r) => r.column_name).filter((c) => c !== 'unique_id');
    const out = [];
    for (const c of cols) {
      const vals = await rows<{ v: string }>(engine, `SELECT DISTINCT CAST(${ident(c)} AS VARCHAR) AS v FROM series ORDER BY 1 LIMIT 1000`);
      out.push({ column: c, values: vals.map((r) => r.v) });
    }
    return out;
  },
  async seriesValues(sel) {
    const { engine } = await duck();
    const promo = promoColumn();
    const t = await engine.query(
      `SELECT CAST(ds - DATE '1970-01-01' AS INTEGER) AS d, CAST(sum(y) AS DOUBLE) AS y${promo ? `, CAST(max(${ident(promo)}) AS DOUBLE) AS p` : ''}
       FROM sales WHERE ${where(sel)} GROUP BY ds ORDER BY ds`,
    );
    const o = await engine.query(
      sel.kind === 'series' ? `SELECT CAST(ds - DATE '1970-01-01' AS INTEGER) AS d FROM outliers WHERE ${where(sel)} ORDER BY ds` : 'SELECT 0 AS d WHERE FALSE',
    );
    const ds = Int32Array.from(t.getChild('d')!.toArray() as Int32Array);
    const y = Float64Array.from(t.getChild('y')!.toArray() as Float64Array, (v, i) => (t.getChild('y')!.get(i) == null ? NaN : v));
    const p = promo ? Float64Array.from(t.getChild('p')!.toArray() as Float64Array) : null;
    const out: SeriesValues = { label: label(sel), ds, y, promo: p, outliers: Int32Array.from(o.getChild('d')!.toArray() as Int32Array) };
    return transfer(out, [ds.buffer, y.buffer, ...(p ? [p.buffer] : [])]);
  },
  async restore() {
    // The page asks for the saved project once it owns it (a Web Lock, which can take a moment); a file
    // the user opened in the meantime wins: restoring now would drop its staged bytes (setPending(null),
    // the sweep) and leave a project whose data cannot be read back.
    if (userOpened) return null;
    const saved = await savedRecord();
    await setPending(null);
    await sweepStaged(saved);
    if (!saved) return null;
    const bytes = await openBytes(saved);
    if (!bytes) return null;
    const ingest = await ingestBytes(saved.name, bytes, saved.readOptions, false);
    record = saved;
    let prepared: PreparedData | null = null;
    if (ingest.ok && saved.mapping && saved.cleaning) {
      restoring = true;
      try {
        prepared = await api.prepare(saved.mapping, saved.statics, saved.cleaning);
      } finally {
        restoring = false;
      }
    }
    return { ingest, record: saved, prepared, slices: await savedSlices(saved.id) };
  },
  async setOwner(o) {
    setOwner(o);
  },
  async saveSlice(key, value) {
    return keepSlice(record?.id, key, value);
  },
  async exportProject(slices, view) {
    if (!record?.mapping || !record.cleaning) throw new Error('Apply a mapping first: the project file holds the data with its mapping and cleaning.');
    const bytes = await openBytes(record);
    if (!bytes) throw new Error('The data of this project could not be read back from this browser; load the file again, then export.');
    const settings: ProjectSettings = {
      name: record.name, kind: record.kind, readOptions: record.readOptions, mapping: record.mapping, statics: record.statics, cleaning: record.cleaning,
      featureSpec: record.featureSpec ?? null, ...(view.step ? { step: view.step } : {}), ...(view.horizon ? { horizon: view.horizon } : {}),
    };
    const zip = writeProjectArchive({ settings, data: bytes, slices });
    const name = `${record.name.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'project'}.fsproj`;
    return transfer({ bytes: zip, name }, [zip.buffer]);
  },
  async importProject(file) {
    const nothing = 'Nothing was changed: the open project stays as it is.';
    if (file.size > DEFAULT_LIMITS.file) return { ok: false, message: `This project file is ${(file.size / 1024 ** 3).toFixed(1)} GB; at most ${(DEFAULT_LIMITS.file / 1024 ** 3).toFixed(1)} GB is accepted. ${nothing}` };
    const r = readProjectArchive(new Uint8Array(await file.arrayBuffer()));
    if (!r.ok) return { ok: false, message: r.message };
    const { manifest, data, slices } = r.archive;
    const s = manifest.project;
    if (!s.mapping || !s.cleaning) return { ok: false, message: `This project file has no applied mapping, so it cannot be forecast. ${nothing}` };
    const { engine } = await duck();
    const stash = await stashTables(engine);
    const prev = { columns, mapping, record, built };
    const staged = await stage(data);
    const fail = async (message: string) => {
      await stash.restore();
      await unstage(staged);
      ({ columns, mapping, record, built } = prev);
      return { ok: false as const, message: `${message} ${nothing}` };
    };
    try {
      const ingest = await ingestBytes(s.name, data, s.readOptions, false);
      if (!ingest.ok) return await fail(`The data inside the project file could not be read: ${ingest.issues.find((i) => i.level === 'error')?.message ?? 'no rows'}`);
      const prepared = await prepareSales(engine, s.mapping, s.statics, columns, s.cleaning);
      const bad = prepared.issues.find((i) => i.level === 'error');
      if (bad) return await fail(`The project's mapping does not fit its data: ${bad.message}`);
      await stash.drop();
      mapping = s.mapping;
      built = null;
      lastBuild = null;
      record = { version: 1, name: s.name, kind: s.kind, bytes: data.length, readOptions: ingest.readOptions, mapping: s.mapping, statics: s.statics, cleaning: s.cleaning, featureSpec: s.featureSpec ?? null, savedAt: new Date().toISOString() };
      await setPending(staged);
      const saved = await persistRecord(record);
      record = saved.record;
      if (saved.issue) prepared.issues.push(saved.issue);
      const view = JSON.stringify({ ...(s.step ? { step: s.step } : {}), ...(s.horizon ? { horizon: s.horizon } : {}) });
      const all = { ...slices, view };
      for (const [k, v] of Object.entries(all)) await keepSlice(record.id, k, v);
      const opened: OpenedProject = { ingest, record, prepared, slices: all };
      return { ok: true as const, ...opened };
    } catch (e) {
      return await fail(`The project file could not be opened (${e instanceof Error ? e.message.split('\n')[0].slice(0, 200) : String(e)}).`);
    }
  },
  async clearProject() {
    // A tab that does not own the project clears only what it has open, never the owner's saved state.
    await setPending(null);
    if (isOwner()) await clearAll();
    record = null;
    mapping = null;
    built = null;
    lastBuild = null;
    const { engine } = await duck();
    for (const t of ['raw', 'staged', 'sales', 'series', 'outliers', 'features']) await engine.exec(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  },
  async preview(sql, limit = 20) {
    const { engine } = await duck();
    if (!/^\s*(select|with|describe|summarize)\b/i.test(sql)) throw new Error('Only SELECT queries can be previewed.');
    const r = await rows<Record<string, unknown>>(engine, `SELECT * FROM (${sql}) LIMIT ${Math.max(1, Math.min(1000, limit))}`);
    const cols = r.length ? Object.keys(r[0]) : [];
    return { columns: cols, rows: r.map((x) => cols.map((c) => (x[c] instanceof Date ? (x[c] as Date).toISOString().slice(0, 10) : x[c]))) };
  },
};

expose(api);
