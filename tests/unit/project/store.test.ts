import { describe, expect, it } from 'vitest';
import { commitProject, memoryStore, readRecord, readSlices, RECORD_FILE, saveSlice, stageData, updateRecord } from '../../../src/lib/project';

type Rec = { id?: string; dataFile?: string; name: string };
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);

describe('saves that cannot lose work', () => {
  it('a commit writes the data under a new name, swaps the record, then removes the old data and results', async () => {
    const store = memoryStore();
    const a = await commitProject<Rec>(store, { name: 'a.csv' }, bytes('a,b\n1,2\n'));
    expect(text(await store.read(a.dataFile!))).toBe('a,b\n1,2\n');
    expect(await saveSlice(store, a.id!, 'model', '{"w":[1,2]}')).toBe(true);
    expect(await readSlices(store, a.id!)).toEqual({ model: '{"w":[1,2]}' });
    const b = await commitProject<Rec>(store, { name: 'b.csv' }, bytes('x\n3\n'));
    expect(b.id).not.toBe(a.id);
    expect(b.dataFile).not.toBe(a.dataFile);
    expect((await store.list()).sort()).toEqual([b.dataFile, RECORD_FILE].sort());
    expect((await readRecord<Rec>(store))?.name).toBe('b.csv');
    // A slice saved for the old project after the swap does not land on the new one.
    expect(await saveSlice(store, a.id!, 'model', '{"w":[9]}')).toBe(false);
    expect(await readSlices(store, b.id!)).toEqual({});
  });

  it('storage full while writing the data: the saved record and its bytes are untouched, no partial file stays', async () => {
    let full = false;
    const store = memoryStore((name, size) => full && size > 4);
    const a = await commitProject<Rec>(store, { name: 'a.csv' }, bytes('a\n1\n'));
    await saveSlice(store, a.id!, 'backtest', '{"wape":0.3}');
    full = true;
    await expect(commitProject<Rec>(store, { name: 'big.csv' }, bytes('much more data\n'))).rejects.toMatchObject({ name: 'ProjectSaveError' });
    const rec = await readRecord<Rec>(store);
    expect(rec).toEqual(a); // the record did not switch to the new name
    expect(text(await store.read(rec!.dataFile!))).toBe('a\n1\n');
    expect((await store.list()).filter((n) => n.startsWith('data-'))).toEqual([a.dataFile]);
    expect(await readSlices(store, a.id!)).toEqual({ backtest: '{"wape":0.3}' });
  });

  it('storage refusing the record swap: the new data file is removed and the old record stays', async () => {
    let failRecord = false;
    const store = memoryStore((name) => failRecord && name === RECORD_FILE);
    const a = await commitProject<Rec>(store, { name: 'a.csv' }, bytes('a\n1\n'));
    failRecord = true;
    await expect(commitProject<Rec>(store, { name: 'b.csv' }, bytes('b\n2\n'))).rejects.toThrow(/record could not be written/);
    expect(await readRecord<Rec>(store)).toEqual(a);
    expect((await store.list()).sort()).toEqual([a.dataFile, RECORD_FILE].sort());
  });

  it('staged data (written when a file is read) becomes the project only at commit; a failed stage leaves nothing', async () => {
    let full = false;
    const store = memoryStore((name, size) => full && size > 3);
    const a = await commitProject<Rec>(store, { name: 'a.csv' }, bytes('a\n1\n'));
    const staged = await stageData(store, bytes('b\n2\n'));
    expect((await readRecord<Rec>(store))?.dataFile).toBe(a.dataFile); // staged is not the saved project yet
    const b = await commitProject<Rec>(store, { name: 'b.csv' }, { staged });
    expect(b.dataFile).toBe(staged);
    expect(text(await store.read(b.dataFile!))).toBe('b\n2\n');
    expect(await store.read(a.dataFile!)).toBeNull();
    full = true;
    await expect(stageData(store, bytes('c\n3\n'))).rejects.toMatchObject({ name: 'ProjectSaveError', cause: { name: 'QuotaExceededError' } });
    expect((await store.list()).sort()).toEqual([b.dataFile, RECORD_FILE].sort());
  });

  it('a record update applies only to the project it came from, and keeps its data file', async () => {
    const store = memoryStore();
    const a = await commitProject<Rec>(store, { name: 'a.csv' }, bytes('a'));
    expect(await updateRecord<Rec>(store, { ...a, name: 'renamed', dataFile: 'elsewhere' })).toBe(true);
    expect(await readRecord<Rec>(store)).toEqual({ ...a, name: 'renamed' });
    const b = await commitProject<Rec>(store, { name: 'b.csv' });
    expect(b.dataFile).toBeUndefined();
    expect(await updateRecord<Rec>(store, { ...a, name: 'stale' })).toBe(false);
    expect((await readRecord<Rec>(store))?.name).toBe('b.csv');
  });

  it('an unreadable record reads as no project; a damaged slice is skipped', async () => {
    const store = memoryStore();
    await store.write(RECORD_FILE, '{not json');
    expect(await readRecord(store)).toBeNull();
    const a = await commitProject<Rec>(store, { name: 'a' });
    await store.write('slice-x.json', '{"project":');
    await saveSlice(store, a.id!, 'y', '[1]');
    expect(await readSlices(store, a.id!)).toEqual({ y: '[1]' });
    await expect(saveSlice(store, a.id!, '../evil', '1')).rejects.toThrow(/bad key/);
  });
});
