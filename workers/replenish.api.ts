/** Types of the replenishment worker's interface (the worker runs src/lib/inventory off the main thread). */
import type { Freq } from '../src/lib/data/contract';
import type { InventoryRow, ItemStudy, OrderPlan, PlannedPromotion, PolicyKind } from '../src/lib/inventory';

export interface ReplenishRequest {
  freq: Freq;
  season: number;
  h: number;
  model: string;
  simulate: number;
  policy: PolicyKind;
  rows: InventoryRow[];
  /** Order plan: planned promotions and a budget / capacity per order period. */
  plan?: { promotions?: PlannedPromotion[]; budget?: number; capacity?: number };
  /** Learning mode: Q-learning an order policy per series. */
  learn?: boolean;
}

export interface ReplenishProgress {
  fraction: number;
  message?: string;
}

export interface ReplenishApi {
  /** Backtest, replay, forecast and policies for the chosen series. */
  /** Connects the worker to the db worker's engine (the client does this on start). */
  connectEngine(port: MessagePort): Promise<void>;
  study(req: ReplenishRequest, onProgress?: (p: ReplenishProgress) => void): Promise<{ items: ItemStudy[]; issues: import('../src/lib/data/contract').DataIssue[]; plan?: OrderPlan; seconds: number }>;
}
