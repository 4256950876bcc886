import { afterAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../helpers/nodeDb';
import { featureSuite } from '../../shared/featureSuite';

let db: Promise<TestDb> | null = null;
const getDb = () => (db ??= openTestDb());

featureSuite(getDb, { describe, it, expect });

afterAll(async () => {
  if (db) (await db).close();
});
