/** The one place the page reaches the training worker. */
import { wrap, type Remote } from 'comlink';
import type { TrainApi } from '../../workers/train.api';

let api: Remote<TrainApi> | null = null;

export function trainer(): Remote<TrainApi> {
  api ??= wrap<TrainApi>(new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' }));
  return api;
}
