/**
 * Quarterly and yearly data (issue 14): the studio takes Q / Y as the frequency (the CLI's --freq Q|Y)
 * instead of reading them as months with the months between counted as missing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { openTestDb, type TestDb } from '../../helpers/nodeDb';
import { openUpload } from '../../../src/lib/data/unpack';
import { guessMapping, loadRaw, prepareSales } from '../../../src/lib/data/prepare';
import { DEFAULT_CLEANING } from '../../../src/lib/data/cleaning';
import { rows } from '../../../src/lib/data/engine';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});

let n = 0;
async function load(name: string, bytes: Uint8Array) {
  const opened = openUpload(name, bytes);
  const path = `coarse_${++n}.csv`;
  db.registerBuffer(path, opened.bytes);
  const raw = await loadRaw(db.engine, path, opened.sniff.kind!, name, opened.readOptions);
  const guess = (await guessMapping(db.engine, raw.columns))!;
  const p = await prepareSales(db.engine, guess.mapping, guess.statics, raw.columns, DEFAULT_CLEANING);
  return { raw, guess, p };
}

describe('coarse frequencies', () => {
  it('a year column: freq Y, one row per year and country, no month added between years', async () => {
    const { raw, guess, p } = await load('year_column.csv', new Uint8Array(readFileSync('tests/fixtures/awkward/year_column.csv')));
    expect(guess.mapping.freq).toBe('Y');
    expect(guess.issues.find((i) => i.code === 'yearly_data')?.level).toBe('info');
    expect(p.issues.filter((i) => i.level === 'error')).toEqual([]);
    expect(p.counts.gap_rows).toBe(0);
    expect(p.rows).toBe(raw.rows);
    const [{ months }] = await rows<{ months: number }>(db.engine, `SELECT count(*)::DOUBLE AS months FROM sales WHERE month(ds) <> 1 OR day(ds) <> 1`);
    expect(months).toBe(0);
  });

  it('quarter starts (2 stores × 12 quarters, one quarter missing in store b): freq Q, the missing quarter filled once', async () => {
    const lines = ['date,store,sales'];
    for (const s of ['a', 'b'])
      for (let q = 0; q < 12; q++) {
        if (s === 'b' && q === 5) continue;
        const y = 2020 + Math.floor(q / 4);
        lines.push(`${y}-${String((q % 4) * 3 + 1).padStart(2, '0')}-01,${s},${100 + q}`);
      }
    const { guess, p } = await load('quarters.csv', new TextEncoder().encode(lines.join('\n') + '\n'));
    expect(guess.mapping.freq).toBe('Q');
    expect(guess.issues.some((i) => i.code === 'quarterly_data')).toBe(true);
    expect(p.counts.gap_rows).toBe(1);
    expect(p.rows).toBe(24);
    const [{ filled }] = await rows<{ filled: string }>(db.engine, `SELECT CAST(ds AS VARCHAR) AS filled FROM sales WHERE unique_id = 'b' AND y = 0`);
    expect(filled).toBe('2021-04-01');
  });
});
