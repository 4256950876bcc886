/**
 * FeatureSpec → one DuckDB query over `sales` (and `series`) producing the `features` table keyed by
 * (unique_id, ds) with the model-space `y` and every feature as DOUBLE (±inf and NaN become NULL).
 * Leaky features are refused here with an error issue, so they never reach a model.
 */
import type { DataIssue } from '../data/contract';
import { calendarFeatures } from './calendarFeatures';
import { covariateFeatures } from './covariateFeatures';
import { crossItemFeatures } from './crossItemFeatures';
import { customFeatures } from './customFeatures';
import { fcol, ident, type CompileContext, type FamilyOutput, type FeatureCheck, type FeatureColumn } from './featureColumn';
import { holidayFeatures } from './holidayFeatures';
import { lagFeatures } from './lagFeatures';
import { leakReason } from './leakage';
import { priceFeatures } from './priceFeatures';
import { promoFeatures } from './promoFeatures';
import { resolveSpec, type FeatureSpec } from './spec';
import { staticFeatures } from './staticFeatures';
import { targetScaleSql, transformedTargetSql } from './targetTransform';
import { periodExpr } from './window';

/** The compiler's output: SQL, emitted feature metadata, issues and data checks. */
export interface CompiledFeatures {
  /** The SELECT producing the feature rows, ordered by unique_id, ds. */
  select: string;
  /** `CREATE OR REPLACE TABLE features AS <select>`. */
  sql: string;
  /** Emitted features, in column order (after unique_id, ds, y, y_scale). */
  columns: FeatureColumn[];
  issues: DataIssue[];
  /** Data checks for the worker to run (see `runFeatureChecks`). */
  checks: FeatureCheck[];
}

/**
 * Compiles `spec` for the data described by `ctx`. Output columns: `unique_id`, `ds`, `y` (after the
 * target transform), `y_scale` (the per-series divisor, 1 without scaling), then `columns`.
 */
export function compileFeatures(spec: FeatureSpec, ctx: CompileContext): CompiledFeatures {
  if (!(ctx.h >= 1)) throw new Error(`horizon h must be ≥ 1, got ${ctx.h}`);
  const r = resolveSpec(spec, ctx.freq, ctx.strategy === 'direct' ? ctx.h : 1);
  const used = [r.price ? r.price.column : '', r.promo ? r.promo.column : '', r.promo?.typeColumn ?? ''];
  const families: FamilyOutput[] = [
    calendarFeatures(r.calendar, ctx),
    holidayFeatures(r.holidays, ctx),
    lagFeatures(r.lags, ctx),
    priceFeatures(r.price, ctx),
    promoFeatures(r.promo, ctx),
    crossItemFeatures(r, ctx, spec.crossItem === false ? false : spec.crossItem?.group),
    staticFeatures(r.statics, ctx),
    covariateFeatures(r.covariates, ctx, used),
    customFeatures(r.custom, ctx),
  ];
  const issues = families.flatMap((f) => f.issues);
  const columns: FeatureColumn[] = [];
  const names = new Set(['unique_id', 'ds', 'y', 'y_scale']);
  for (const family of families)
    for (const col of family.columns) {
      const leak = leakReason(col, ctx.h, ctx.strategy);
      if (leak) issues.push({ level: 'error', code: 'leaky_feature', message: `${leak} It was not emitted.`, where: col.name });
      else if (names.has(col.name)) {
        issues.push({ level: 'warning', code: 'duplicate_feature', message: `Two features are named "${col.name}"; the second was dropped.`, where: col.name });
        dropItem(family, col.name);
      } else {
        names.add(col.name);
        columns.push(col);
      }
    }
  const ctes = families.flatMap((f) => f.ctes ?? []);
  ctes.push(`_scale AS (${targetScaleSql(r.target, ctx.trainEnd)})`);
  const base = [
    's.*',
    `${periodExpr(ctx.freq, 's.ds')} AS _p`,
    `${transformedTargetSql(r.target, 's.y')} / _scale.scale AS _y`,
    '_scale.scale AS _y_scale',
    ...families.flatMap((f) => f.baseItems ?? []),
  ];
  const joins = ['LEFT JOIN _scale ON _scale.unique_id = s.unique_id', ...families.flatMap((f) => f.joins ?? [])];
  ctes.push(`_s0 AS (SELECT ${base.join(',\n    ')}\n  FROM sales s\n  ${joins.join('\n  ')})`);
  const depth = Math.max(0, ...families.map((f) => f.stages.length));
  for (let k = 0; k < depth; k++) {
    const items = families.flatMap((f) => f.stages[k] ?? []);
    ctes.push(`_s${k + 1} AS (SELECT *${items.map((i) => `,\n    ${i}`).join('')}\n  FROM _s${k})`);
  }
  const finite = (c: FeatureColumn) => {
    const v = `CAST(${fcol(c.name)} AS DOUBLE)`;
    return `CASE WHEN isfinite(${v}) THEN ${v} END AS ${ident(c.name)}`;
  };
  const outCols = ['unique_id', 'ds', '_y AS y', '_y_scale AS y_scale', ...columns.map(finite)];
  const select = `WITH ${ctes.join(',\n')}\nSELECT ${outCols.join(',\n  ')}\nFROM _s${depth}\nORDER BY unique_id, ds`;
  const checks = families.flatMap((f) => f.checks ?? []);
  if (r.target.transform === 'log1p')
    checks.push({
      sql: 'SELECT count(*) AS n FROM sales WHERE y <= -1',
      issue: { level: 'warning', code: 'log1p_domain', message: 'Some y values are ≤ −1, where log1p is undefined; they became NULL.', where: 'y' },
    });
  return { select, sql: `CREATE OR REPLACE TABLE features AS\n${select}`, columns, issues, checks };
}

/** Removes the stage item computing `name` from `family` (a duplicate would shadow the first one). */
function dropItem(family: FamilyOutput, name: string): void {
  const alias = ` AS ${fcol(name)}`;
  family.stages = family.stages.map((items) => items.filter((i) => !i.endsWith(alias)));
  family.baseItems = family.baseItems?.filter((i) => !i.endsWith(alias));
}

/** Runs the compiler's data checks and returns the issues whose query found rows (with the count). */
export async function runFeatureChecks(db: { query(sql: string): unknown }, checks: FeatureCheck[]): Promise<DataIssue[]> {
  const out: DataIssue[] = [];
  for (const c of checks) {
    const rows = (await db.query(c.sql)) as ArrayLike<{ n: number | bigint }> | { toArray(): Array<{ n: number | bigint }> };
    const first = 'toArray' in rows ? rows.toArray()[0] : rows[0];
    const n = Number(first?.n ?? 0);
    if (n > 0) out.push({ ...c.issue, count: n });
  }
  return out;
}
