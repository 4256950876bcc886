/**
 * The engine half of the SQL check: DuckDB plans `SELECT <expression> FROM <table>` (EXPLAIN, nothing is
 * computed) and the plan must be a scan of that one table under projections and windows only. A
 * subquery, another table, a table function or an aggregate shows up as another operator and is refused.
 */

/** Anything that runs SQL: the worker's engine, the Node engine or the test db (sync or async). */
export interface PlanRunner {
  query(sql: string): unknown;
}

/** Plan operators an expression over one table may produce. */
const ALLOWED_OPERATORS = new Set(['PROJECTION', 'WINDOW', 'STREAMING_WINDOW', 'SEQ_SCAN', 'TABLE_SCAN']);

interface PlanNode {
  name: string;
  children?: PlanNode[];
  extra_info?: Record<string, unknown>;
}

/** The text of the first EXPLAIN row's `explain_value`, from an Arrow table or an array of row objects. */
export function explainText(result: unknown): string {
  if (Array.isArray(result)) return String((result[0] as Record<string, unknown> | undefined)?.explain_value ?? '');
  const t = result as { getChild?(n: string): { get(i: number): unknown } | null };
  return String(t.getChild?.('explain_value')?.get(0) ?? '');
}

/** Operators of `plan` that an expression over `table` may not produce, in plan order. */
export function foreignOperators(plan: PlanNode[], table: string): string[] {
  const bad: string[] = [];
  let scans = 0;
  const walk = (n: PlanNode) => {
    const name = n.name.trim();
    if (!ALLOWED_OPERATORS.has(name)) bad.push(name);
    else if (name.endsWith('_SCAN')) {
      scans++;
      const t = String(n.extra_info?.Table ?? '').toLowerCase();
      if (t !== table.toLowerCase()) bad.push(`${name} of ${t || 'something else'}`);
    }
    for (const c of n.children ?? []) walk(c);
  };
  for (const n of plan) walk(n);
  if (scans !== 1 && !bad.length) bad.push(`${scans} table scans`);
  return bad;
}

/**
 * Plans `selectSql` (a SELECT over `table`) with EXPLAIN and returns why it reads more than `table`,
 * or null. DuckDB's own errors (syntax, unknown column) are thrown as they are, with their LINE excerpt.
 */
export async function planProblem(db: PlanRunner, selectSql: string, table = 'sales'): Promise<string | null> {
  const text = explainText(await db.query(`EXPLAIN (FORMAT JSON) ${selectSql}`));
  let plan: PlanNode[];
  try {
    plan = JSON.parse(text) as PlanNode[];
  } catch {
    return 'DuckDB did not return a plan for the expression, so it cannot be checked.';
  }
  const bad = foreignOperators(plan, table);
  if (!bad.length) return null;
  const agg = bad.some((b) => /AGGREGATE/.test(b)) && !bad.some((b) => /SCAN of|CROSS|JOIN|TABLE_FUNCTION|DUMMY/.test(b));
  return agg
    ? 'an aggregate (sum, avg, max…) needs OVER (PARTITION BY unique_id ORDER BY ds …) here: a feature has one value per row.'
    : `the expression reads more than the ${table} rows (DuckDB plans ${bad.slice(0, 3).join(', ')}): a feature is one expression over the ${table} columns — no subquery, table or file.`;
}
