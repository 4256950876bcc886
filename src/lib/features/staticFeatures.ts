/**
 * Static attributes of `series` (store type, category…) as dense integer codes (0-based, alphabetical).
 */
import { emptyOutput, fcol, ident, type CompileContext, type FamilyOutput } from './featureColumn';

/** Compiles `<attribute>_code` for each named attribute of `series`. */
export function staticFeatures(attributes: string[], ctx: CompileContext): FamilyOutput {
  const out = emptyOutput();
  const have = ctx.seriesColumns ?? [];
  const items: string[] = [];
  for (const a of attributes) {
    if (!have.includes(a)) {
      out.issues.push({
        level: 'error',
        code: 'missing_attribute',
        message: `The series table has no attribute "${a}"; it was skipped.`,
        where: a,
      });
      continue;
    }
    const name = `${a}_code`;
    items.push(`CASE WHEN ${ident(a)} IS NULL THEN NULL ELSE dense_rank() OVER (ORDER BY ${ident(a)}) - 1 END AS ${fcol(name)}`);
    out.columns.push({
      name,
      family: 'static',
      timing: 'static',
      categorical: true,
      description: `code of the series' ${a} (0-based, in sorted order)`,
    });
  }
  if (items.length === 0) return out;
  out.joins = [`LEFT JOIN (SELECT unique_id, ${items.join(', ')} FROM series) _st ON _st.unique_id = s.unique_id`];
  out.baseItems = out.columns.map((c) => `_st.${fcol(c.name)} AS ${fcol(c.name)}`);
  return out;
}
