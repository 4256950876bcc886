import { test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { openTestDb } from '/work/main/tests/helpers/nodeDb';
test('probe', async () => {
  const db = await openTestDb();
  for (const f of readdirSync('/work/main/tests/fixtures')) {
    if (f.startsWith('wide')) continue;
    db.registerBuffer(f, new Uint8Array(readFileSync('/work/main/tests/fixtures/' + f)));
    const fn = f.endsWith('json') ? `read_json_auto('${f}')` : `read_csv('${f}', null_padding=true, store_rejects=true)`;
    try {
      db.exec(`create or replace table raw as select * from ${fn}`);
      const d = db.query(`describe raw`).map((r: any) => `${r.column_name}:${r.column_type}`).join(' ');
      const n = db.query(`select count(*) n from raw`)[0];
      let rej = 0; try { rej = (db.query(`select count(*) n from reject_errors`)[0] as any).n } catch {}
      console.log(f, '|', d, '|', JSON.stringify(n), 'rejects', rej);
    } catch (e: any) { console.log(f, 'ERR', e.message.slice(0, 200)); }
    try { const s = db.query(`select * from sniff_csv('${f}')`)[0] as any; console.log('   sniff', s.Delimiter, s.Quote, s.HasHeader, JSON.stringify(s.Columns).slice(0,150)); } catch (e: any) { console.log('   sniffERR', e.message.slice(0,100)); }
  }
  db.exec(`create or replace table raw as select * from read_csv('semicolon_decimal_comma.csv', decimal_separator=',')`);
  console.log(db.query('describe raw').map((r: any) => `${r.column_name}:${r.column_type}`).join(' '));
  db.exec(`create or replace table raw as select * from read_csv('latin1.csv', encoding='latin-1')`);
  console.log(db.query('select * from raw'));
});
