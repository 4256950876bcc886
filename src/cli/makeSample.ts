/** Writes the bundled sample (public/sample/retail_sample.csv) and its ground truth from the seeded generator. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { generateRetail, toCsv } from '../lib/data/generator';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v];
  }),
);
const out = args.out ?? 'public/sample/retail_sample.csv';
const data = generateRetail({
  stores: args.stores ? Number(args.stores) : undefined,
  items: args.items ? Number(args.items) : undefined,
  days: args.days ? Number(args.days) : undefined,
  seed: args.seed ? Number(args.seed) : undefined,
});
mkdirSync(out.replace(/\/[^/]*$/, ''), { recursive: true });
writeFileSync(out, toCsv(data));
writeFileSync(out.replace(/\.csv$/, '.truth.json'), JSON.stringify(data.truth, null, 1));
console.error(`wrote ${data.rows} rows to ${out}`);
