/** Replenishment worker: a thin adapter over src/lib/inventory (studies run here, never on the page). */
import './networkGuard'; // first: no request beyond this site's origin from this worker
import './lifeline'; // the page's supervisor learns at once when this worker ends (src/clients/supervise.ts)
import { expose, wrap } from 'comlink';
import type { SqlEngine } from '../src/lib/data/engine';
import { remoteEngine, type EngineEndpoint } from '../src/lib/data/remoteEngine';
import { getModel } from '../src/lib/models';
import { studyItems } from '../src/lib/inventory';
import { loadTrainData } from '../src/lib/pipeline/loadTrainData';
import type { ReplenishApi } from './replenish.api';
import { highs } from './highs';

/** The db worker's engine, reached over a port (see `connectEngine`). */
let engine: SqlEngine | null = null;

const api: ReplenishApi = {
  async connectEngine(port) {
    engine = remoteEngine(wrap<EngineEndpoint>(port));
  },
  async study(req, onProgress) {
    if (!engine) throw new Error('study: the data engine is not connected');
    const t0 = performance.now();
    const train = await loadTrainData(engine, { freq: req.freq, season: req.season });
    const res = await studyItems({
      train, rows: req.rows, model: getModel(req.model), snaive: getModel('snaive'), h: req.h, simulate: req.simulate, policy: req.policy,
      plan: req.plan, learn: req.learn, highs: req.plan?.budget !== undefined || req.plan?.capacity !== undefined ? await highs() : undefined,
      onProgress: (p) => onProgress?.(p),
    });
    // InventoryInputs.shelfLife may be Infinity, which structured clone keeps.
    return { ...res, seconds: (performance.now() - t0) / 1000 };
  },
};

expose(api);
