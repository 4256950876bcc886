/// <reference lib="webworker" />
/**
 * The training worker: statistical, tree and neural models run here, never on the page. One job at a
 * time; a new job cancels the running one (the latest request wins).
 */
import { expose, transfer } from 'comlink';
import { getModel, listModels } from '../src/lib/models';
import type { ModelForecast, TrainApi } from './train.api';
import { toTrainData } from './histories';

let current: { cancelled: boolean } | null = null;

function newJob() {
  if (current) current.cancelled = true;
  current = { cancelled: false };
  return current;
}

const api: TrainApi = {
  async models() {
    return listModels().map((m) => ({ name: m.name, label: m.label, kind: m.kind, scope: m.scope, description: m.description }));
  },
  async forecast(batch, req, onProgress) {
    const signal = newJob();
    const train = toTrainData(batch, req.freq, req.season, req.knownFuture);
    const forecasts: ModelForecast[] = [];
    const errors: { model: string; message: string }[] = [];
    for (let i = 0; i < req.models.length && !signal.cancelled; i++) {
      const name = req.models[i];
      const t0 = performance.now();
      try {
        const spec = getModel(name);
        const len = train.series[0]?.y.length ?? 0;
        const need = spec.minLength(req.season, req.h);
        if (len < need) {
          errors.push({ model: name, message: `${spec.label} needs at least ${need} periods; this series has ${len}.` });
          continue;
        }
        onProgress?.({ fraction: i / req.models.length, message: `Fitting ${spec.label}…` });
        const fitted = await spec.fit(train, spec.defaults, { signal, onProgress: (p) => onProgress?.({ ...p, fraction: (i + p.fraction) / req.models.length }) });
        const [f] = await spec.predict(fitted, train, { h: req.h, levels: [80, 95] });
        forecasts.push({
          model: name,
          label: spec.label,
          ds: f.ds,
          mean: f.mean,
          lo80: f.lo[80],
          hi80: f.hi[80],
          lo95: f.lo[95],
          hi95: f.hi[95],
          fallback: f.fallback ?? fitted.failed?.[f.id],
          seconds: (performance.now() - t0) / 1000,
        });
      } catch (e) {
        errors.push({ model: name, message: e instanceof Error ? e.message : String(e) });
      }
    }
    onProgress?.({ fraction: 1, message: signal.cancelled ? 'Cancelled' : 'Done' });
    const buffers = forecasts.flatMap((f) => [f.ds, f.mean, f.lo80, f.hi80, f.lo95, f.hi95].map((a) => a.buffer as ArrayBuffer));
    return transfer({ forecasts, errors }, [...new Set(buffers)]);
  },
  async cancel() {
    if (current) current.cancelled = true;
  },
};

expose(api);
