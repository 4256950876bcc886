/** Group 9: the exact promo-calendar optimiser (issue 10) on 50 items × 13 weeks × 4 depths, in Node (same HiGHS wasm as the browser). */
import { optimisePromotions, randomPlanProblem } from '../../src/lib/promo';
import type { BenchContext } from './context';

const G9 = '9 promo optimiser (issue 10)';

/** Times the MILP over seeded instances with budget, k per item, gap, category cap and margin floor. */
export async function benchPromo(ctx: BenchContext): Promise<void> {
  const seeds = ctx.config.quick ? [1] : [1, 2, 3];
  const times: number[] = [];
  const notes: string[] = [];
  for (const seed of seeds) {
    const p = randomPlanProblem({ seed, items: 50, periods: 13, depths: [0.1, 0.2, 0.3, 0.4], constraints: { budget: 5000, maxPromosPerItem: 3, minGap: 2, maxPerCategory: 2, minMarginPct: 0.1 } });
    const r = await optimisePromotions(p, { timeLimitSeconds: 60 });
    times.push(r.seconds);
    notes.push(`seed ${seed}: ${r.status}, ${r.variables} binaries, ${r.plan.length} promotions, profit +${r.profit.toFixed(0)}`);
  }
  const worst = Math.max(...times);
  ctx.report.add({
    group: G9, name: '50 items × 13 weeks × 4 depths (budget, k = 3, gap 2, ≤ 2 per category, margin ≥ 10 %), slowest of the seeds', value: worst, unit: 's',
    goal: '< 10 s (issue 10)', met: worst < 10, note: notes.join('; '),
  });
}
