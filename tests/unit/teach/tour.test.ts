import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { TOUR_STOPS, moveTour } from '../../../src/lib/teach';

// The studio's navigation, read from the header of App.svelte (so a new step without a tour stop fails here).
const app = readFileSync('src/App.svelte', 'utf8');
const navSteps = [...app.matchAll(/\{ id: '([a-z]+)', label: '/g)].map((m) => m[1]);

describe('the guided tour', () => {
  it('reads the studio\'s eight steps from App.svelte', () => {
    expect(navSteps).toEqual(['data', 'explore', 'features', 'forecast', 'models', 'backtest', 'promo', 'replenish']);
  });

  it('every stop has a title and two or more sentences of text, and a unique id', () => {
    for (const s of TOUR_STOPS) {
      expect(s.title.trim().length).toBeGreaterThan(5);
      expect(s.text.split(/[.!?](\s|$)/).filter((x) => x && x.trim().length > 10).length).toBeGreaterThanOrEqual(2);
      expect(s.text.length).toBeLessThan(600);
    }
    expect(new Set(TOUR_STOPS.map((s) => s.id)).size).toBe(TOUR_STOPS.length);
  });

  it('covers every nav step, each stop on a real step, in the order of the navigation', () => {
    for (const step of navSteps) expect(TOUR_STOPS.some((s) => s.step === step), step).toBe(true);
    for (const s of TOUR_STOPS) expect(navSteps).toContain(s.step);
    const order = TOUR_STOPS.map((s) => navSteps.indexOf(s.step));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('explains the concepts a class asks about, each on its own step', () => {
    const on = (step: string, re: RegExp) => TOUR_STOPS.some((s) => s.step === step && re.test(s.text));
    expect(on('features', /lag 7/i)).toBe(true);
    expect(on('features', /leak/i)).toBe(true);
    expect(on('backtest', /cutoff/i)).toBe(true);
    expect(on('forecast', /80 % band should contain the actual value 8 times out of 10/)).toBe(true);
    expect(on('promo', /elasticity/i) && on('promo', /uplift/i)).toBe(true);
    expect(on('replenish', /safety stock/i)).toBe(true);
  });

  it('moveTour stays within the tour', () => {
    const n = TOUR_STOPS.length;
    expect(moveTour(0, -1)).toBe(0);
    expect(moveTour(0, 1)).toBe(1);
    expect(moveTour(n - 1, 1)).toBe(n - 1);
    expect(moveTour(3, -2)).toBe(1);
    expect(moveTour(2, 1, 0)).toBe(0);
  });
});
