import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../helpers/nodeDb';
import { checkExpression, lexSql, sameTokenStarts } from '../../../src/lib/security';
import { validateCustomFeature } from '../../../src/lib/features';

// Custom-feature SQL: the token check (allow-list) and DuckDB's plan check, on a locked-down engine.
let db: TestDb;
beforeAll(async () => {
  db = await openTestDb({ lockDown: true });
  db.exec(`CREATE TABLE sales AS SELECT 'A' AS unique_id, DATE '2024-01-01' + i::INTEGER AS ds, (10 + i)::DOUBLE AS y,
           (5 + i % 3)::DOUBLE AS price, (i % 2)::DOUBLE AS promo, CASE WHEN i % 7 = 0 THEN 'x' END AS "open" FROM range(20) t(i)`);
  db.exec("CREATE TABLE raw AS SELECT 'secret' AS s");
});
afterAll(() => db?.close());

const ACCEPTED = [
  'price * promo',
  'price / nullif(lag(price, 7) OVER (PARTITION BY unique_id ORDER BY ds), 0)',
  "CASE WHEN y > 10 THEN log(y + 1) ELSE NULL END",
  "date_part('year', ds) * 12 + month(ds)",
  'CAST(promo AS INTEGER) + TRY_CAST(price AS DECIMAL(10, 2))',
  'promo::DOUBLE + y::INTEGER',
  "ds - INTERVAL 1 DAY > DATE '2024-01-05'",
  'avg(y) OVER (PARTITION BY unique_id ORDER BY ds ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING)',
  'least(coalesce((ds - DATE \'1970-01-01\') - max(CASE WHEN promo = 1 THEN (ds - DATE \'1970-01-01\') END) OVER (PARTITION BY unique_id ORDER BY ds ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 15), 15)',
  "\"open\" IS NOT NULL AND lower(trim(CAST(\"open\" AS VARCHAR))) NOT IN ('', '0', 'from', 'select')",
  'y BETWEEN 1 AND 2 OR promo IN (0, 1)',
  'count(*) OVER (PARTITION BY unique_id)',
  "strftime(ds, '%Y') = '2024'",
];

// [expression, message pattern, line, column] — each names what the user typed, where they typed it.
const REFUSED: [string, RegExp, number, number][] = [
  [`struct_pack("a'" := 0, b := (SELECT count(*)::DOUBLE FROM raw), "c'" := 0).b`, /"SELECT" is not allowed/, 1, 30],
  [`struct_pack("a'" := 0, b := (SELECT count(*)::DOUBLE FROM duckdb_tables()), "c'" := 0).b`, /"SELECT" is not allowed/, 1, 30],
  [`struct_pack("a'" := 0, b := (SELECT count(*)::DOUBLE FROM read_csv('http://127.0.0.1:9/x.csv')), "c'" := 0).b`, /"SELECT" is not allowed/, 1, 30],
  ['struct_pack(a := 1).a', /function "struct_pack" is not allowed/, 1, 1],
  ["read_csv('x.csv')", /function "read_csv" is not allowed/, 1, 1],
  ['price +\n  query_table(\'raw\')', /function "query_table" is not allowed/, 2, 3],
  ["getenv('HOME')", /function "getenv" is not allowed/, 1, 1],
  ["current_setting('threads')", /function "current_setting" is not allowed/, 1, 1],
  ['(select 1)', /"select" is not allowed/, 1, 2],
  ['y + (\n  SELECT max(y) FROM sales)', /"SELECT" is not allowed/, 2, 3],
  ['price; DROP TABLE sales', /";" is not allowed/, 1, 6],
  ['price -- hidden', /comments are not allowed/, 1, 7],
  ['price /* x */ + 1', /comments are not allowed/, 1, 7],
  ['max(category) OVER (PARTITION BY series.unique_id)', /"\." is not allowed/, 1, 40],
  ['EXISTS (SELECT 1)', /"EXISTS" is not allowed/, 1, 1],
  ["y IN (FROM raw)", /"FROM" is not allowed/, 1, 7],
  ['y AS z', /"AS" is allowed only inside CAST/, 1, 3],
  ['y::raw_type', /not a type/, 1, 4],
  ['$1 + y', /parameters are not allowed/, 1, 1],
  ['list_transform([1], x -> x + 1)', /function "list_transform" is not allowed/, 1, 1],
  ['y)) FROM raw --', /"FROM" is not allowed/, 1, 5],
  ['y) + (1', /closes nothing/, 1, 2],
  ["'unclosed", /not closed/, 1, 1],
  ['*', /every column/, 1, 1],
  ['COLUMNS(*)', /function "COLUMNS" is not allowed/, 1, 1],
  ["{'a': y}", /"\{" is not allowed/, 1, 1],
];

describe('the token check', () => {
  it.each(ACCEPTED)('accepts %s', (sql) => {
    expect(checkExpression(sql)).toBeNull();
  });
  it.each(REFUSED)('refuses %s', (sql, message, line, column) => {
    expect(checkExpression(sql)).toMatchObject({ line, column, message: expect.stringMatching(message) });
  });
  it('reads every case the way DuckDB’s own tokenizer does', async () => {
    for (const sql of [...ACCEPTED, ...REFUSED.map((r) => r[0]).filter((s) => !s.includes("'unclosed"))]) {
      expect([sql, sameTokenStarts(lexSql(sql), await db.engine.tokenize(sql))]).toEqual([sql, -1]);
    }
  });
  it('quotes and keywords inside strings or names cannot hide anything', () => {
    expect(checkExpression(`"from" + 'select'`)).toBeNull(); // a column named "from" and a string
    expect(checkExpression(`'it''s' || "a""b" || E'\\'' || $q$ ) FROM raw $q$`)).toBeNull();
    expect(checkExpression(`"a'" + (SELECT 1) + "'"`)?.message).toMatch(/"SELECT" is not allowed/);
  });
});

describe('validateCustomFeature: tokens, then DuckDB’s plan', () => {
  it.each(ACCEPTED)('accepts and plans %s', async (sql) => {
    expect(await validateCustomFeature(db.engine, { name: 'f', sql })).toEqual({ ok: true });
  });
  it.each(REFUSED)('refuses %s before DuckDB runs it', async (sql, message, line, column) => {
    expect(await validateCustomFeature(db.engine, { name: 'f', sql })).toMatchObject({ ok: false, line, column, message: expect.stringMatching(message) });
  });
  it('DuckDB’s own errors point into the expression, not the generated SQL', async () => {
    expect(await validateCustomFeature(db.engine, { name: 'f', sql: 'price +\n  promo promo2 promo3' })).toMatchObject({ ok: false, line: 2, column: 16 });
    const r = await validateCustomFeature(db.engine, { name: 'f', sql: 'promo + nosuch' });
    expect(r).toMatchObject({ ok: false, line: 1, column: 9 });
    expect(!r.ok && r.message).toMatch(/nosuch/);
  });
  it('a bare aggregate is refused by the plan check with a hint to add OVER', async () => {
    const r = await validateCustomFeature(db.engine, { name: 'f', sql: 'sum(y)' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/OVER|GROUP BY|aggregate/i);
  });
  it('bad names are refused', async () => {
    expect((await validateCustomFeature(db.engine, { name: '1bad', sql: 'y' })).ok).toBe(false);
    expect((await validateCustomFeature(db.engine, { name: '_x', sql: 'y' })).ok).toBe(false);
  });
  it('without a tokenizer (a query-only runner) the same cases are decided the same way', async () => {
    const runner = { query: (sql: string) => db.query(sql) };
    for (const sql of ACCEPTED) expect(await validateCustomFeature(runner, { name: 'f', sql })).toEqual({ ok: true });
    for (const [sql] of REFUSED) expect((await validateCustomFeature(runner, { name: 'f', sql })).ok).toBe(false);
  });
});
