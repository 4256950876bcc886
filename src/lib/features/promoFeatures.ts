/**
 * Promotion features: intensity, flag, type code, periods since / until a promo (capped), the week of the
 * campaign (1st, 2nd…) and a post-promo flag. A campaign is a run of consecutive promo periods.
 */
import { columnTiming, emptyOutput, fcol, ident, stableCode, type CompileContext, type FamilyOutput } from './featureColumn';
import type { ResolvedSpec } from './spec';
import { lagExpr } from './window';

const TEXT = /CHAR|TEXT|STRING/i;
const OFF = `('', '0', 'no', 'n', 'none', 'false', 'f')`;
const RUN_BACK = 'OVER (PARTITION BY unique_id ORDER BY _p ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)';
const RUN_FWD = 'OVER (PARTITION BY unique_id ORDER BY _p ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)';

/** Compiles the promo family. Text promo values are encoded as codes (0 = no promo) with a warning. */
export function promoFeatures(spec: ResolvedSpec['promo'], ctx: CompileContext): FamilyOutput {
  const out = emptyOutput();
  if (!spec) return out;
  const type = ctx.columns[spec.column];
  if (type === undefined) {
    out.issues.push({
      level: 'error',
      code: 'missing_promo_column',
      message: `The promo column "${spec.column}" is not in the sales table; promo features were skipped.`,
      where: spec.column,
    });
    return out;
  }
  const timing = columnTiming(ctx, spec.column);
  const add = (name: string, description: string, categorical = false) =>
    out.columns.push({
      name,
      family: 'promo',
      timing,
      categorical,
      ...(timing === 'past_only' ? { lag: 0 } : {}),
      description,
    });
  const c = ident(spec.column);
  const text = TEXT.test(type);
  const off = `${c} IS NULL OR lower(trim(CAST(${c} AS VARCHAR))) IN ${OFF}`;
  const s1 = [`CASE WHEN ${text ? `NOT (${off})` : `${c} > 0`} THEN 1 ELSE 0 END AS _pf`];
  const s2 = [`_pf AS ${fcol('promo_flag')}`];
  if (text) {
    out.issues.push({
      level: 'warning',
      code: 'promo_text',
      message: `The promo column "${spec.column}" holds text, not numbers; each value became a code (0 = no promo).`,
      hint: `Values such as '', 0, no, none, false count as no promo. Map it to 0/1 or a discount number for an intensity.`,
      where: spec.column,
    });
    s1.push(`CASE WHEN ${off} THEN NULL ELSE ${c} END AS _promo_v`);
    s2.push(`coalesce(${stableCode('_promo_v', spec.column, `NOT (${off})`)} + 1, 0) AS ${fcol('promo')}`);
    add('promo', `code of the ${spec.column} value (0 = no promo)`, true);
  } else {
    s1.push(`CAST(${c} AS DOUBLE) AS ${fcol('promo')}`);
    add('promo', `${spec.column} (promo intensity)`);
  }
  add('promo_flag', '1 in a promo period');
  if (spec.typeColumn) {
    if (!(spec.typeColumn in ctx.columns)) {
      out.issues.push({
        level: 'warning',
        code: 'missing_promo_type_column',
        message: `The promo type column "${spec.typeColumn}" is not in the sales table; it was skipped.`,
        where: spec.typeColumn,
      });
    } else {
      const t = ident(spec.typeColumn);
      s1.push(`${stableCode(t, spec.typeColumn)} AS ${fcol('promo_type')}`);
      add('promo_type', `code of ${spec.typeColumn} (0-based, alphabetical)`, true);
    }
  }
  const { cap, postWindow: N } = spec;
  s2.push(
    `max(CASE WHEN _pf = 1 THEN _p END) ${RUN_BACK} AS _plast`,
    `min(CASE WHEN _pf = 1 THEN _p END) ${RUN_FWD} AS _pnext`,
    `CASE WHEN _pf = 1 AND coalesce(${lagExpr('_pf', 1)}, 0) = 0 THEN 1 ELSE 0 END AS _pstart`,
  );
  const perWeek = ctx.freq === 'D' ? 7 : 1;
  const s3 = [
    `least(coalesce(_p - _plast, ${cap}), ${cap}) AS ${fcol('periods_since_promo')}`,
    `least(coalesce(_pnext - _p, ${cap}), ${cap}) AS ${fcol('periods_to_promo')}`,
    `CASE WHEN _pf = 0 AND _p - _plast BETWEEN 1 AND ${N} THEN 1 ELSE 0 END AS ${fcol('post_promo')}`,
    `CASE WHEN _pf = 1 THEN (_p - max(CASE WHEN _pstart = 1 THEN _p END) ${RUN_BACK}) // ${perWeek} + 1 ELSE 0 END AS ${fcol('promo_week')}`,
  ];
  add('periods_since_promo', `periods since the last promo period (0 during one), capped at ${cap}`);
  add('periods_to_promo', `periods until the next promo period (0 during one), capped at ${cap}`);
  add('post_promo', `1 in the ${N} periods after a campaign ends`);
  add('promo_week', `${perWeek === 7 ? 'week' : 'period'} of the running campaign (1, 2, …; 0 outside)`);
  out.stages = [s1, s2, s3];
  return out;
}
