/**
 * Default look of every chart, scoped under `.fs-chart` and driven by CSS variables so the app can
 * restyle without touching the renderers (`--series`, `--forecast`, `--band`, `--promo`, `--outlier`,
 * `--valid`, `--bar`, `--highlight`, `--reference`, `--grid`, `--chart-bg`, `--chart-text`).
 */
export const CHART_CSS = `
.fs-chart { font: 11px system-ui, sans-serif; color: var(--chart-text, #334155); user-select: none; }
.fs-chart .axis path, .fs-chart .axis line { stroke: var(--grid, #cbd5e1); }
.fs-chart .title { font-size: 13px; font-weight: 600; fill: currentColor; }
.fs-chart .series-line, .fs-chart .context-line, .fs-chart .actual-line { fill: none; stroke: var(--series, #2563eb); stroke-width: 1.5; }
.fs-chart .context-line { stroke-width: 1; opacity: 0.7; }
.fs-chart .forecast-line, .fs-chart .predicted-line { fill: none; stroke: var(--forecast, #ea580c); stroke-width: 1.75; }
.fs-chart .backtest-line { fill: none; stroke: var(--backtest, #7c3aed); stroke-width: 1.25; stroke-dasharray: 4 3; opacity: 0.8; }
.fs-chart .band-95 { fill: var(--band, #fb923c); opacity: 0.18; stroke: none; }
.fs-chart .band-80 { fill: var(--band, #fb923c); opacity: 0.32; stroke: none; }
.fs-chart path.band { fill: var(--band, #fb923c); stroke: none; }
.fs-chart .forecast-line.compare { stroke: var(--compare, #7c3aed); stroke-dasharray: 5 3; }
.fs-chart .promo-band { fill: var(--promo, #facc15); opacity: 0.25; }
.fs-chart .outlier { fill: none; stroke: var(--outlier, #dc2626); stroke-width: 1.5; }
.fs-chart .origin-rule, .fs-chart .cutoff-rule { stroke: var(--grid, #94a3b8); stroke-dasharray: 3 3; }
.fs-chart .zero-line, .fs-chart .reference-line { stroke: var(--reference, #64748b); stroke-width: 1; }
.fs-chart .reference-line { stroke-dasharray: 4 3; }
.fs-chart .reference-label { fill: var(--reference, #64748b); }
.fs-chart .focus-dot { fill: var(--series, #2563eb); stroke: var(--chart-bg, #fff); stroke-width: 1.5; pointer-events: none; }
.fs-chart .tooltip { pointer-events: none; }
.fs-chart .tooltip rect { fill: var(--chart-bg, #fff); stroke: var(--grid, #cbd5e1); opacity: 0.95; }
.fs-chart .tooltip text { fill: currentColor; }
.fs-chart .brush .selection { fill: var(--series, #2563eb); fill-opacity: 0.15; stroke: var(--series, #2563eb); }
.fs-chart .loss-train { fill: none; stroke: var(--series, #2563eb); stroke-width: 1.5; }
.fs-chart .loss-valid { fill: none; stroke: var(--valid, #ea580c); stroke-width: 1.5; }
.fs-chart .legend text, .fs-chart .bar-label, .fs-chart .bar-value { fill: currentColor; }
.fs-chart .legend .loss-train, .fs-chart .legend .loss-valid { stroke-width: 2.5; }
.fs-chart .bar { fill: var(--bar, #93c5fd); }
.fs-chart .bar.highlight { fill: var(--highlight, #2563eb); }
.fs-chart .residual-point { fill: var(--series, #2563eb); opacity: 0.7; }
.fs-chart line.swatch { fill: none; }
.fs-chart .swatch-series-line, .fs-chart .swatch-actual-line { stroke: var(--series, #2563eb); }
.fs-chart .swatch-forecast-line, .fs-chart .swatch-predicted-line { stroke: var(--forecast, #ea580c); }
.fs-chart .swatch-backtest-line { stroke: var(--backtest, #7c3aed); stroke-dasharray: 4 3; }
.fs-chart .swatch-band-80 { fill: var(--band, #fb923c); opacity: 0.32; }
.fs-chart .swatch-band-95 { fill: var(--band, #fb923c); opacity: 0.18; }
.fs-chart .swatch-promo-band { fill: var(--promo, #facc15); opacity: 0.25; }
.fs-chart .swatch-outlier { fill: none; stroke: var(--outlier, #dc2626); stroke-width: 1.5; }
.fs-chart .swatch-cutoff-rule { stroke: var(--grid, #94a3b8); stroke-dasharray: 3 3; }
.fs-chart .swatch-zero-line { stroke: var(--reference, #64748b); }
.fs-chart .swatch-residual-point { fill: var(--series, #2563eb); opacity: 0.7; }
`;
