/** The pipeline's SQL surface is the one in `data/engine` (re-exported here for the pipeline's modules). */
export { numbers, strings, type ArrowLikeTable, type SqlEngine, type VectorLike } from '../data/engine';
