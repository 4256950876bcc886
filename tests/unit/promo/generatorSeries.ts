/** The generator's sample as PriceSeries (one per store × item), with its truth. */
import { isoToDay } from '../../../src/lib/data/contract';
import { generateRetail, type GeneratorOptions } from '../../../src/lib/data/generator';
import type { PriceSeries } from '../../../src/lib/promo';

export function generatorSeries(options: GeneratorOptions = {}) {
  const data = generateRetail(options);
  const c = data.columns;
  const byId = new Map<string, number[]>();
  for (let r = 0; r < data.rows; r++) {
    const id = `${c.store[r]}/${c.item[r]}`;
    if (!byId.has(id)) byId.set(id, []);
    byId.get(id)!.push(r);
  }
  const series: PriceSeries[] = [...byId].map(([id, rows]) => ({
    unique_id: id,
    group: c.category[rows[0]],
    crossGroup: `${c.store[rows[0]]}|${c.category[rows[0]]}`,
    t: rows.map((r) => isoToDay(c.date[r])),
    y: rows.map((r) => c.sales[r]),
    price: rows.map((r) => c.price[r]),
    promo: rows.map((r) => c.promo[r]),
    promoType: rows.map((r) => c.promo_type[r]),
    extra: { is_holiday: rows.map((r) => c.is_holiday[r]) },
  }));
  return { data, series };
}
