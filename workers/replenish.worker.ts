/** Replenishment worker: a thin adapter over src/lib/inventory (studies run here, never on the page). */
import { expose } from 'comlink';
import { getModel } from '../src/lib/models';
import { studyItems } from '../src/lib/inventory';
import { toTrainData } from './histories';
import type { ReplenishApi } from './replenish.api';

const api: ReplenishApi = {
  async study(batch, req, onProgress) {
    const t0 = performance.now();
    const train = toTrainData(batch, req.freq, req.season, []);
    const res = await studyItems({
      train, rows: req.rows, model: getModel(req.model), snaive: getModel('snaive'), h: req.h, simulate: req.simulate, policy: req.policy,
      onProgress: (p) => onProgress?.(p),
    });
    // InventoryInputs.shelfLife may be Infinity, which structured clone keeps.
    return { ...res, seconds: (performance.now() - t0) / 1000 };
  },
};

expose(api);
