import { describe, expect, it } from 'vitest';
import { panWindow, windowDomain, zoomWindow } from '../../../src/lib/charts';

describe('keyboard zoom and pan windows', () => {
  it('zooms around the centre and back out to the full range', () => {
    expect(zoomWindow([0, 1], 0.5)).toEqual([0.25, 0.75]);
    expect(zoomWindow([0.25, 0.75], 2)).toEqual([0, 1]);
    expect(zoomWindow([0, 1], 4)).toEqual([0, 1]);
    const tiny = zoomWindow([0.5, 0.51], 0.1);
    expect(tiny[1] - tiny[0]).toBeCloseTo(0.01, 12);
  });
  it('pans by a share of the width and stops at the edges', () => {
    const w = panWindow([0.25, 0.75], 0.2);
    expect(w[0]).toBeCloseTo(0.35, 12);
    expect(w[1]).toBeCloseTo(0.85, 12);
    expect(panWindow([0.25, 0.75], 5)).toEqual([0.5, 1]);
    expect(panWindow([0.25, 0.75], -5)).toEqual([0, 0.5]);
  });
  it('maps a window onto a domain', () => {
    expect(windowDomain(100, 200)).toEqual([100, 200]);
    expect(windowDomain(100, 200, [0.5, 1])).toEqual([150, 200]);
    expect(windowDomain(0, 100, [-1, 2])).toEqual([0, 100]);
  });
});
