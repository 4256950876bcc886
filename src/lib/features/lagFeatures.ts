/**
 * Target lags, rolling statistics, EWMAs and same-period-last-year, all by date within each series.
 */
import type { FeatureCheck } from './featureColumn';
import { emptyOutput, fcol, type CompileContext, type FamilyOutput, type FeatureColumn, type LagRecipe } from './featureColumn';
import { lastYearLag, type ResolvedSpec } from './spec';
import { ewmaExprs, ewmaSpan, lagExpr, rollingExpr } from './window';

const Y = '_y';

function yColumn(name: string, recipe: LagRecipe, ctx: CompileContext, description: string): FeatureColumn {
  return {
    name,
    family: 'lag',
    timing: 'past_only',
    categorical: false,
    lag: recipe.lag,
    recursive: ctx.strategy === 'recursive',
    recipe,
    description,
  };
}

/** Name fragment for a number (0.3 → `0_3`). */
const num = (x: number) => String(x).replace('.', '_');

/** Compiles the lag family over the (transformed) target `_y`. */
export function lagFeatures(spec: ResolvedSpec['lags'], ctx: CompileContext): FamilyOutput {
  const out = emptyOutput();
  if (!spec) return out;
  const s1: string[] = [];
  const s2: string[] = [];
  const checks: FeatureCheck[] = [];
  const lags = [...new Set(spec.lags)].sort((a, b) => a - b);
  if (spec.lastYear && !lags.includes(lastYearLag(ctx.freq))) lags.push(lastYearLag(ctx.freq));
  for (const k of lags) {
    if (!Number.isInteger(k) || k < 0) throw new Error(`lag must be a non-negative integer, got ${k}`);
    const name = spec.lastYear && k === lastYearLag(ctx.freq) ? 'y_last_year' : `y_lag${k}`;
    s1.push(`${lagExpr(Y, k)} AS ${fcol(name)}`);
    out.columns.push(yColumn(name, { kind: 'lag', lag: k }, ctx, `y ${k} periods before`));
  }
  const L = spec.rollingLag;
  for (const w of [...new Set(spec.windows)].sort((a, b) => a - b)) {
    if (!Number.isInteger(w) || w < 1) throw new Error(`rolling window must be a positive integer, got ${w}`);
    const minPeriods = Math.min(w, spec.minPeriods ?? w);
    for (const stat of spec.stats) {
      const name = `y_${stat}${w}_lag${L}`;
      s1.push(`${rollingExpr(Y, stat, w, L, minPeriods)} AS ${fcol(name)}`);
      const recipe: LagRecipe = { kind: 'rolling', stat, window: w, lag: L, minPeriods };
      out.columns.push(yColumn(name, recipe, ctx, `${stat} of y over ${w} periods ending ${L} before`));
    }
    checks.push(windowCheck(w, L, minPeriods));
  }
  spec.ewmaAlphas.forEach((alpha, i) => {
    if (!(alpha > 0 && alpha <= 1)) throw new Error(`EWMA alpha must lie in (0, 1], got ${alpha}`);
    const name = `y_ewma${num(alpha)}_lag${L}`;
    const [list, value] = ewmaExprs(Y, alpha, L, `_ewma_${i}`);
    s1.push(list);
    s2.push(`${value} AS ${fcol(name)}`);
    const recipe: LagRecipe = { kind: 'ewma', alpha, lag: L, span: ewmaSpan(alpha) };
    out.columns.push(yColumn(name, recipe, ctx, `EWMA (alpha ${alpha}) of y ending ${L} before`));
  });
  out.stages = [s1, s2];
  out.checks = checks;
  return out;
}

/** Warns about series too short to ever fill a rolling window. */
function windowCheck(window: number, lag: number, minPeriods: number): FeatureCheck {
  const need = lag + minPeriods;
  return {
    sql: `SELECT count(*) AS n FROM (SELECT unique_id FROM sales WHERE y IS NOT NULL GROUP BY unique_id HAVING count(*) < ${need})`,
    issue: {
      level: 'warning',
      code: 'window_too_long',
      message: `A rolling window of ${window} periods ending ${lag} back needs at least ${need} observations; shorter series get only NULL values.`,
      hint: 'Use a shorter window or a smaller minimum count.',
      where: `window ${window}`,
    },
  };
}
