/** CSV export of the studio's recommendations: one row per computed value (with its formula) and per order. */
import type { ItemStudy } from './studyItems';
import { formatValues } from './formatAmount';

const cell = (v: string | number) => {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '') : v;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** `unique_id,kind,name,value,formula,inputs,worked` rows; inputs as `k=v; …`, defaults marked `(default)` (the overage cost with its rule: `(default: unit cost − salvage = 1 − 0)`); values written as the page shows them; `worked` = the formula with the numbers put in. */
export function recommendationsCsv(items: ItemStudy[]): string {
  const lines = ['unique_id,kind,name,value,formula,inputs,worked'];
  for (const it of items) {
    const x = it.inputs;
    const mark = (k: string) => (!x.defaulted.includes(k) ? '' : k === 'overageCost' && x.overageDefault ? ` (default: ${x.overageDefault})` : ' (default)');
    const inputs = (['onHand', 'leadTime', 'leadTimeSd', 'review', 'service', 'serviceKind', 'unitCost', 'holdingCost', 'orderingCost', 'stockoutCost', 'salvage', 'overageCost', 'moq', 'batch'] as const)
      .map((k) => `${k}=${typeof x[k] === 'number' ? Math.round((x[k] as number) * 1e5) / 1e5 : x[k]}${mark(k)}`).join('; ');
    lines.push([it.id, 'inputs', 'inputs', '', '', inputs, ''].map(cell).join(','));
    for (const e of it.explained) lines.push([it.id, 'value', e.name, e.value, e.formula, formatValues(e.values, '; ', '='), e.worked ?? ''].map(cell).join(','));
    for (const o of it.orders) lines.push([it.id, 'order', `order in ${o.orderIn} periods, arrives in ${o.arrivesIn}`, o.quantity, o.reason, `position=${Math.round(o.position * 100) / 100}`, ''].map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}
