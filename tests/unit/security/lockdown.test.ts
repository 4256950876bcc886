import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../helpers/nodeDb';
import { LOCKDOWN_SQL, UPLOAD_DIR, uploadPath } from '../../../src/lib/security';

// The studio's DuckDB start-up lock-down, applied to the same DuckDB-WASM build in Node.
let db: TestDb;
let server: http.Server;
let hits = 0;
let base = '';

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    hits++;
    res.end('a,b\n1,2\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = await openTestDb({ lockDown: true });
  db.registerBuffer(uploadPath(1, 'csv'), new TextEncoder().encode('a,b\n1,2\n3,4\n'));
  db.registerBuffer('outside.csv', new TextEncoder().encode('a\n9\n'));
});
afterAll(() => {
  db?.close();
  server?.close();
});

const refused = (sql: string): string => {
  try {
    db.query(sql);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`accepted: ${sql}`);
};

describe('DuckDB lock-down', () => {
  it('registered uploads under /uploads/ still load', () => {
    expect(uploadPath(1, 'csv')).toBe(`${UPLOAD_DIR}upload_1.csv`);
    expect(db.query<{ s: number }>(`SELECT sum(a + b)::INTEGER AS s FROM read_csv('${uploadPath(1, 'csv')}')`)).toEqual([{ s: 10 }]);
  });
  it('files outside /uploads/, URLs and path tricks are refused', () => {
    expect(refused("SELECT * FROM read_csv('outside.csv')")).toMatch(/Permission Error/);
    expect(refused(`SELECT * FROM read_csv('${UPLOAD_DIR}../outside.csv')`)).toMatch(/Permission Error/);
    for (const url of [`${base}/x.csv`, `${base}/uploads/x.csv`, 's3://bucket/x.csv'])
      expect(refused(`SELECT * FROM read_csv('${url}')`)).toMatch(/Permission Error|disabled/);
    expect(refused(`SELECT * FROM read_csv_auto('${base}/x.csv')`)).toMatch(/Permission Error|disabled/);
    expect(refused(`SELECT * FROM read_text('${base}/x.csv')`)).toMatch(/Permission Error|disabled/);
  });
  it('ATTACH, COPY … TO, INSTALL/LOAD and every SET/RESET fail', () => {
    db.exec('CREATE OR REPLACE TABLE t AS SELECT 1 AS a');
    expect(refused(`ATTACH '${base}/x.db' AS f`)).toMatch(/Permission Error/);
    expect(refused("ATTACH 'x.db' AS f")).toMatch(/Permission Error/);
    expect(refused(`COPY t TO '${base}/out.csv'`)).toMatch(/Permission Error/);
    expect(refused("COPY t TO 'out.csv'")).toMatch(/Permission Error/);
    expect(refused('LOAD httpfs')).toMatch(/disabled/);
    expect(refused('LOAD parquet')).toMatch(/disabled/);
    for (const s of ['SET enable_external_access = true', "SET allowed_directories = ['/']", 'SET autoload_known_extensions = true', 'SET lock_configuration = false', 'RESET enable_external_access', "SET disabled_filesystems = ''", 'PRAGMA threads = 4'])
      expect(refused(s)).toMatch(/locked/);
  });
  it('the settings read back as locked down, and nothing reached the listener', () => {
    const s = db.query<{ name: string; value: string }>(
      "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', 'lock_configuration', 'autoload_known_extensions', 'autoinstall_known_extensions', 'allow_community_extensions') ORDER BY name",
    );
    expect(Object.fromEntries(s.map((r) => [r.name, r.value]))).toEqual({
      allow_community_extensions: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      enable_external_access: 'false',
      lock_configuration: 'true',
    });
    expect(LOCKDOWN_SQL.at(-1)).toBe('SET lock_configuration = true');
    expect(hits).toBe(0);
  });
});
