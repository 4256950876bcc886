import { describe, expect, it } from 'vitest';
import { blockedStatement } from '../../../src/lib/security';

describe('statement guard in front of the studio’s DuckDB connection', () => {
  it.each([
    'INSTALL httpfs',
    "install httpfs FROM 'http://127.0.0.1:9'",
    'LOAD httpfs',
    "ATTACH 'http://x/db' AS r",
    "COPY sales TO 'x.csv'",
    "EXPORT DATABASE 'x'",
    'SET enable_external_access = true',
    'RESET lock_configuration',
    'PRAGMA threads = 2',
    "CALL load_extension('x')",
    'SELECT 1; SET threads = 1',
    '/* hidden */ SET threads = 1',
    "SELECT 'a'; -- x\n  LOAD json",
    '(SET x = 1)',
  ])('refuses %s', (sql) => {
    expect(blockedStatement(sql)).toMatch(/^Refused: /);
  });
  it.each([
    'SELECT * FROM sales',
    "CREATE OR REPLACE TABLE raw AS SELECT * FROM read_csv('/uploads/upload_1.csv')",
    "SELECT 'SET x; LOAD y' AS s, \"copy\" FROM t",
    'WITH s AS (SELECT 1) SELECT * FROM s',
    'EXPLAIN (FORMAT JSON) SELECT y FROM sales',
    'DROP TABLE IF EXISTS features; CREATE TABLE features AS SELECT 1 AS load',
  ])('lets the studio’s own SQL through: %s', (sql) => {
    expect(blockedStatement(sql)).toBeNull();
  });
  it('refuses text it cannot read safely', () => {
    expect(blockedStatement("SELECT 'unclosed")).toMatch(/could not be read safely/);
  });
});
