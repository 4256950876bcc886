/**
 * The TF.js networks as registry models: `mlp` on the feature frame (through makeGlobalModel), and the
 * sequence networks `lstm`, `gru`, `tide`, `transformer` over windows of the histories. TF.js is imported
 * only when one of them fits, so the registry stays cheap to load.
 */
import { addPeriods } from '../../data/contract';
import type { MlpModel, MlpOptions, SeqKind, SeqModel, SeqOptions } from '../neural';
import type { ModelSpec, SeriesForecast } from '../protocol';
import { makeGlobalModel } from './makeGlobalModel';

/** Neural fits report each epoch; the UI draws the loss curve from these. */
function epochReporter(run: { onProgress?: (p: { fraction: number; step?: number; loss?: number; valLoss?: number; message?: string }) => void }, epochs: number) {
  return (e: { epoch: number; loss: number; valLoss?: number; samplesPerSec?: number }) =>
    run.onProgress?.({
      fraction: Math.min(1, (e.epoch + 1) / epochs),
      step: e.epoch + 1,
      loss: e.loss,
      valLoss: e.valLoss,
      message: `epoch ${e.epoch + 1}/${epochs}${e.samplesPerSec ? ` · ${Math.round(e.samplesPerSec).toLocaleString('en')} samples/s` : ''}`,
    });
}

/** Options of the global MLP: the network's, plus a budget of rows × epochs per fit. */
export interface GlobalMlpOptions extends MlpOptions {
  /** At most this many rows × epochs per fit (default 250,000; at least 3 epochs): large frames get fewer epochs. */
  maxSamples?: number;
}

export const mlp = makeGlobalModel<GlobalMlpOptions, MlpModel>({
  name: 'mlp',
  label: 'MLP (global, TF.js)',
  kind: 'neural',
  description: 'A multilayer perceptron across all series on the feature rows (calendar, promo, price, lags ≥ h), trained in TF.js.',
  defaults: { hidden: [64, 64], epochs: 15, batchSize: 256, learningRate: 2e-3, patience: 4, seed: 1, maxSamples: 250_000 },
  async fitMatrix(frame, o, run) {
    const { fitMlp } = await import('../neural');
    // At most `maxSamples` rows × epochs per fit (at least 3 epochs): large frames need fewer passes.
    const { maxSamples = Infinity, ...mlpOptions } = o;
    const n = frame.y.reduce((k, v) => (Number.isFinite(v) ? k + 1 : k), 0);
    const epochs = Math.max(3, Math.min(o.epochs ?? 15, Math.ceil(maxSamples / Math.max(1, n))));
    return fitMlp(frame, { ...mlpOptions, epochs }, { valid: run.valid, signal: run.signal, onEpoch: epochReporter(run, epochs) });
  },
  async predictMatrix(model, frame) {
    const { predictMlp } = await import('../neural');
    return (await predictMlp(model, frame)).mean;
  },
  dispose(model) {
    model.net.dispose();
  },
});

type SeqFitted = { net: SeqModel; horizon: number };

/**
 * Look-back of the sequence networks by seasonal period: 8 weeks for daily data, half a year for weekly,
 * two years for monthly, two years for quarterly, 5 years for yearly. Short enough that weekly series of
 * three years still give many training windows (the old 4 seasons needed 208 weeks before the first one).
 */
export function seqInputLength(season: number): number {
  if (season === 7) return 56;
  if (season >= 52) return 26;
  if (season === 12) return 24;
  return Math.max(5, 2 * season);
}

/** Options as the studio and the runner pass them, made valid for a sequence network. */
function seqOptions(defaults: SeqOptions, options: Partial<SeqOptions> | undefined, season: number, h: number | undefined): SeqOptions {
  const given = Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined && !(typeof v === 'number' && Number.isNaN(v)))) as Record<string, unknown>;
  // The studio's form sends the MLP's layer list (`hidden: [64, 64]`); a sequence network has one width.
  if (Array.isArray(given.hidden)) given.hidden = (given.hidden as number[]).find((v) => Number.isInteger(v) && v > 0) ?? defaults.hidden;
  if (!(Number.isInteger(given.hidden) && (given.hidden as number) > 0)) delete given.hidden;
  const o = { ...defaults, ...given } as SeqOptions;
  if (h !== undefined && h >= 1) o.horizon = h;
  if (!o.inputLength) o.inputLength = seqInputLength(season);
  return o;
}

/** A sequence network as a ModelSpec; its output length is the caller's horizon (`ctx.h`, else `horizon`). */
function seqModel(kind: SeqKind, label: string, description: string): ModelSpec<SeqOptions> {
  const defaults: SeqOptions = { horizon: 28, epochs: 12, batchSize: 64, learningRate: 2e-3, seed: 1, windowsPerEpoch: 2048, nonNegative: 'softplus', hidden: 32 };
  const need = (season: number, h: number) => seqInputLength(season) + h;
  return {
    name: kind,
    label,
    kind: 'neural',
    scope: 'global',
    description,
    defaults,
    minLength: need,
    async fit(train, options, ctx = {}) {
      const { fitSeq } = await import('../neural');
      const o = seqOptions(defaults, options, train.season, ctx.h);
      const H = o.horizon ?? 28;
      const L = o.inputLength!;
      // Series without one full window (look-back + horizon) are skipped and reported, never silently replaced.
      const failed: Record<string, string> = {};
      for (const s of train.series) if (s.y.length < L + H) failed[s.id] = `too short for ${kind}: ${s.y.length} < ${L + H} periods (look-back ${L} + horizon ${H})`;
      const usable = train.series.filter((s) => !failed[s.id]);
      if (!usable.length) throw new Error(`${kind}: no series has ${L + H} periods (look-back ${L} + horizon ${H}); shorten the horizon or use a statistical model`);
      const part = { ...train, series: usable };
      const future = (train.knownFuture ?? []).filter((n) => usable.every((s) => s.x?.[n]));
      const net = await fitSeq(kind, part, { ...o, futureCovariates: o.futureCovariates ?? future }, { signal: ctx.signal, onEpoch: epochReporter(ctx, o.epochs ?? 12) });
      return { model: kind, state: { net, horizon: H } satisfies SeqFitted, failed };
    },
    async predict(fitted, train, req) {
      const { predictSeq } = await import('../neural');
      const { net } = fitted.state as SeqFitted;
      const out = await predictSeq(net, train, { h: req.h, future: req.future });
      return out.map((f, i): SeriesForecast => {
        const s = train.series[i];
        const q = (p: number) => Float64Array.from(f.quantiles[p] ?? f.mean);
        const last = s.ds[s.ds.length - 1];
        return {
          id: f.id,
          ds: Int32Array.from({ length: req.h }, (_, j) => addPeriods(last, j + 1, train.freq)),
          mean: Float64Array.from(f.mean),
          lo: Object.fromEntries(req.levels.map((l) => [l, q(l === 95 ? 0.025 : 0.1)])),
          hi: Object.fromEntries(req.levels.map((l) => [l, q(l === 95 ? 0.975 : 0.9)])),
        };
      });
    },
  };
}

export const lstm = seqModel('lstm', 'LSTM (global, TF.js)', 'A recurrent network over windows of each history, direct multi-horizon output with quantile heads.');
export const gru = seqModel('gru', 'GRU (global, TF.js)', 'Like the LSTM with gated recurrent units: fewer weights, often as good.');
export const tide = seqModel('tide', 'TiDE encoder–decoder (global, TF.js)', 'Dense encoder–decoder reading the past window and the known future covariates (promo, price, holidays) for the horizon.');
export const transformer = seqModel('transformer', 'Transformer (global, TF.js)', 'A small self-attention encoder over the past window.');
