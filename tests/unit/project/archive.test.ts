import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { decodeSlice, encodeSlice, PROJECT_VERSION, readProjectArchive, writeProjectArchive, type ProjectSettings } from '../../../src/lib/project';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';

const settings = (custom: { name: string; sql: string }[] = [{ name: 'disc', sql: 'price * promo' }]): ProjectSettings => ({
  name: 'shop.csv',
  kind: 'csv',
  readOptions: { decimalComma: false },
  mapping: { id: ['store', 'item'], date: 'date', target: 'sales', covariates: [{ name: 'price', source: 'price', type: 'numeric', role: 'price', timing: 'known_future' }], freq: 'D', dateFormat: null },
  statics: [],
  cleaning: null,
  featureSpec: { calendar: { parts: true }, custom },
  step: 'models',
  horizon: 14,
});
const csv = strToU8('date,store,item,sales,price\n2024-01-01,1,a,3,1.5\n');

describe('one-file project', () => {
  it('round trip: settings, data bytes and result slices (typed arrays, NaN) come back exactly', () => {
    const summary = { best: 'mstl', total: { ds: Int32Array.from([19000, 19001]), actual: Float64Array.from([1.5, NaN]) }, wape: 0.3071 };
    const file = writeProjectArchive({ settings: settings(), data: csv, slices: { backtest: encodeSlice(summary), view: '{"step":"models"}' }, createdAt: '2026-01-01T00:00:00Z' });
    const r = readProjectArchive(file);
    if (!r.ok) throw new Error(r.message);
    expect(r.archive.manifest.version).toBe(PROJECT_VERSION);
    expect(r.archive.manifest.project).toEqual(settings());
    expect(r.archive.data).toEqual(csv);
    const back = decodeSlice<typeof summary>(r.archive.slices.backtest);
    expect(back.total.ds).toEqual(summary.total.ds);
    expect(back.total.actual[0]).toBe(1.5);
    expect(Number.isNaN(back.total.actual[1])).toBe(true);
    expect(back.total.actual).toBeInstanceOf(Float64Array);
    expect(JSON.parse(r.archive.slices.view)).toEqual({ step: 'models' });
  });

  it('round trip of the seeded sample as data (bytes identical)', () => {
    const text = toCsv(generateRetail({ stores: 2, items: 2, days: 60, seed: 7 }));
    const data = strToU8(text);
    const r = readProjectArchive(writeProjectArchive({ settings: settings(), data }));
    expect(r.ok && new TextDecoder().decode(r.archive.data)).toBe(text);
  });

  it('a newer format version is refused as such, naming both versions', () => {
    const manifest = { format: 'forecast-studio-project', version: PROJECT_VERSION + 1, createdAt: '', project: settings(), data: { path: 'data/upload.bin', bytes: csv.length }, slices: [] };
    const r = readProjectArchive(zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest)), 'data/upload.bin': csv }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(`made by a newer version of Forecast Studio (format ${PROJECT_VERSION + 1}; this studio reads format ${PROJECT_VERSION}`);
    expect(r.message).toMatch(/Nothing was changed/);
  });

  it('damaged files: not a zip, truncated, no manifest, wrong sizes, bad fields', () => {
    const good = writeProjectArchive({ settings: settings(), data: csv });
    const msg = (b: Uint8Array) => {
      const r = readProjectArchive(b);
      return r.ok ? 'accepted' : r.message;
    };
    expect(msg(strToU8('{"format":"forecast-studio-project"}'))).toMatch(/not a Forecast Studio project file/);
    expect(msg(good.slice(0, good.length - 30))).toMatch(/damaged/);
    expect(msg(zipSync({ 'data/upload.bin': csv }))).toMatch(/no manifest\.json/);
    const m = (over: Record<string, unknown>) => zipSync({ 'manifest.json': strToU8(JSON.stringify({ format: 'forecast-studio-project', version: 1, createdAt: '', project: settings(), data: { path: 'data/upload.bin', bytes: csv.length }, slices: [], ...over })), 'data/upload.bin': csv });
    expect(msg(m({}))).toBe('accepted');
    expect(msg(m({ data: { path: 'data/upload.bin', bytes: 3 } }))).toMatch(/does not have the size/);
    expect(msg(m({ project: { ...settings(), kind: 'exe' } }))).toMatch(/project.kind "exe"/);
    expect(msg(m({ project: { ...settings(), mapping: { ...settings().mapping, id: 'store' } } }))).toMatch(/project.mapping.id should be a list/);
    expect(msg(m({ project: { ...settings(), cleaning: { duplicates: 'sum); DROP TABLE sales; --', missing: 'zero', negatives: 'keep', outlierZ: 6, outliers: 'flag', covariates: 'ffill', minLength: 0 } } }))).toMatch(/project.cleaning.duplicates has a value the studio does not know/);
    expect(msg(m({ project: { ...settings(), cleaning: { duplicates: 'sum', missing: 'zero', negatives: 'keep', outlierZ: 6, outliers: 'flag', covariates: 'ffill', minLength: 0 } } }))).toBe('accepted');
    expect(msg(m({ project: { ...settings(), mapping: { ...settings().mapping, covariates: [{ name: 'p', source: 'p', type: 'numeric', role: 'evil', timing: 'known_future' }] } } }))).toMatch(/covariates\[0\].role has a value/);
    expect(msg(m({ script: 'alert(1)' }))).toMatch(/script is not part of a project file/);
    expect(msg(m({ slices: [{ key: 'model', path: '../../etc/passwd', bytes: 1 }] }))).toMatch(/invalid name/);
    expect(msg(m({ slices: [{ key: 'model', path: 'slices/model.json', bytes: 1 }] }))).toMatch(/slices\/model.json is missing/);
    const proto = zipSync({ 'manifest.json': strToU8('{"format":"forecast-studio-project","__proto__":{"x":1}}') });
    expect(msg(proto)).toMatch(/"__proto__" is not allowed/);
  });

  it('oversize: the file, the data and a slice are refused before being inflated', () => {
    const file = writeProjectArchive({ settings: settings(), data: new Uint8Array(50_000), slices: { model: JSON.stringify({ w: 'x'.repeat(5000) }) } });
    const r1 = readProjectArchive(file, { file: 100 });
    expect(!r1.ok && r1.message).toMatch(/a project file of at most/);
    const r2 = readProjectArchive(file, { data: 10_000 });
    expect(!r2.ok && r2.message).toMatch(/data\/upload.bin is 0.05 MB uncompressed; at most 0.01 MB/);
    const r3 = readProjectArchive(file, { slice: 1000 });
    expect(!r3.ok && r3.message).toMatch(/slices\/model.json is .* uncompressed/);
    expect(readProjectArchive(file).ok).toBe(true);
  });

  it('hostile SQL anywhere in the file is refused: in the feature spec and inside a model slice', () => {
    const leak = "read_csv('http://127.0.0.1:9/x?d=' || y)";
    const r = readProjectArchive(writeProjectArchive({ settings: settings([{ name: 'ok', sql: 'price * 2' }, { name: 'leak', sql: leak }]), data: csv }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual(['project.featureSpec.custom[1].sql']);
    expect(!r.ok && r.message).toMatch(/carries SQL the studio does not run: .*function "read_csv" is not allowed/);
    const sub = `struct_pack("a'" := 0, b := (SELECT count(*)::DOUBLE FROM raw), "c'" := 0).b`;
    const model = JSON.stringify({ kind: 'forecast-studio-model', featureSpec: { custom: [{ name: 'x', sql: sub }] } });
    const r2 = readProjectArchive(writeProjectArchive({ settings: settings(), data: csv, slices: { model } }));
    expect(!r2.ok && r2.problems[0]).toMatchObject({ path: 'model.featureSpec.custom[0].sql', line: 1, column: 30 });
    const r3 = readProjectArchive(writeProjectArchive({ settings: settings([{ name: 'n', sql: 42 as unknown as string }]), data: csv }));
    expect(!r3.ok && r3.message).toMatch(/should be an SQL expression/);
  });
});
