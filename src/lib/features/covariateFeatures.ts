/**
 * Other covariates of `sales`: known-future ones pass through (text ones as codes); lags of any
 * covariate by date. A past-only covariate is usable only through lags ≥ h (it cannot be forecast).
 */
import { columnTiming, emptyOutput, fcol, ident, stableCode, type CompileContext, type FamilyOutput } from './featureColumn';
import type { ResolvedSpec } from './spec';
import { lagExpr } from './window';

const NUMERIC = /INT|DOUBLE|FLOAT|DECIMAL|REAL|NUMERIC|BOOL/i;

/**
 * Compiles the covariate family. `skip` names columns handled by other families (price, promo).
 */
export function covariateFeatures(spec: ResolvedSpec['covariates'], ctx: CompileContext, skip: string[]): FamilyOutput {
  const out = emptyOutput();
  if (!spec) return out;
  const items: string[] = [];
  const s2: string[] = [];
  if (spec.knownFuture) {
    for (const cov of ctx.covariates ?? []) {
      const type = ctx.columns[cov.name];
      if (cov.timing !== 'known_future' || skip.includes(cov.name) || type === undefined) continue;
      const c = ident(cov.name);
      const categorical = cov.type === 'categorical' || !NUMERIC.test(type);
      if (categorical) {
        items.push(`CAST(${c} AS VARCHAR) AS _cv_${out.columns.length}`);
        s2.push(`${stableCode(`_cv_${out.columns.length}`, cov.name)} AS ${fcol(cov.name)}`);
      } else items.push(`CAST(${c} AS DOUBLE) AS ${fcol(cov.name)}`);
      out.columns.push({
        name: cov.name,
        family: 'covariate',
        timing: 'known_future',
        categorical,
        description: categorical ? `code of ${cov.name} (0-based, sorted)` : cov.name,
      });
    }
  }
  for (const [name, lags] of Object.entries(spec.lags)) {
    if (!(name in ctx.columns)) {
      out.issues.push({
        level: 'error',
        code: 'missing_covariate',
        message: `The covariate "${name}" is not in the sales table; its lags were skipped.`,
        where: name,
      });
      continue;
    }
    if (!NUMERIC.test(ctx.columns[name])) {
      out.issues.push({
        level: 'error',
        code: 'covariate_not_numeric',
        message: `The covariate "${name}" is not numeric (${ctx.columns[name]}); its lags were skipped.`,
        where: name,
      });
      continue;
    }
    const timing = columnTiming(ctx, name);
    for (const k of [...new Set(lags)].sort((a, b) => a - b)) {
      const feature = `${name}_lag${k}`;
      items.push(`${lagExpr(`CAST(${ident(name)} AS DOUBLE)`, k)} AS ${fcol(feature)}`);
      out.columns.push({
        name: feature,
        family: 'covariate',
        timing: timing === 'static' ? 'static' : timing,
        categorical: false,
        ...(timing === 'past_only' ? { lag: k } : {}),
        description: `${name} ${k} periods before`,
      });
    }
  }
  out.stages = [items, s2];
  return out;
}
