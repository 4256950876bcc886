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

export const mlp = makeGlobalModel<MlpOptions, MlpModel>({
  name: 'mlp',
  label: 'MLP (global, TF.js)',
  kind: 'neural',
  description: 'A multilayer perceptron across all series on the feature rows (calendar, promo, price, lags ≥ h), trained in TF.js.',
  defaults: { hidden: [64, 64], epochs: 15, batchSize: 256, learningRate: 2e-3, patience: 4, seed: 1 },
  async fitMatrix(frame, o, run) {
    const { fitMlp } = await import('../neural');
    return fitMlp(frame, o, { valid: run.valid, signal: run.signal, onEpoch: epochReporter(run, o.epochs ?? 15) });
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

/** A sequence network as a ModelSpec; `horizon` (periods) must be set at fit time. */
function seqModel(kind: SeqKind, label: string, description: string): ModelSpec<SeqOptions> {
  const defaults: SeqOptions = { horizon: 28, epochs: 12, batchSize: 64, learningRate: 2e-3, seed: 1, windowsPerEpoch: 2048, nonNegative: 'softplus' };
  return {
    name: kind,
    label,
    kind: 'neural',
    scope: 'global',
    description,
    defaults,
    minLength: (season, h) => Math.max(4 * season, 56) + h,
    async fit(train, options, ctx = {}) {
      const { fitSeq } = await import('../neural');
      const o = { ...defaults, ...options };
      const future = (train.knownFuture ?? []).filter((n) => train.series.every((s) => s.x?.[n]));
      const net = await fitSeq(kind, train, { ...o, futureCovariates: o.futureCovariates ?? future }, { signal: ctx.signal, onEpoch: epochReporter(ctx, o.epochs ?? 12) });
      return { model: kind, state: { net, horizon: o.horizon ?? 28 } satisfies SeqFitted };
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
