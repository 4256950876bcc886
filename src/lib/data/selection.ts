/** A chart or forecast selection over `sales`: one series, the sum over a hierarchy level, or the total. */
import { ident, literal } from './engine';

/** One series, or the sum over all series sharing an attribute value, or over every series. */
export type Selection = { kind: 'series'; id: string } | { kind: 'level'; column: string; value: string } | { kind: 'total' };

/** SQL condition on `sales` rows of the selection. */
export function selectionWhere(sel: Selection): string {
  if (sel.kind === 'series') return `unique_id = ${literal(sel.id)}`;
  if (sel.kind === 'level') return `unique_id IN (SELECT unique_id FROM series WHERE CAST(${ident(sel.column)} AS VARCHAR) = ${literal(sel.value)})`;
  return 'TRUE';
}

/** The selection's name as the user reads it. */
export function selectionLabel(sel: Selection): string {
  return sel.kind === 'series' ? sel.id : sel.kind === 'level' ? `${sel.column} = ${sel.value} (sum)` : 'All series (sum)';
}
