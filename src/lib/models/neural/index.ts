/** Neural forecasting models in TF.js: a feature-row MLP, global sequence models and backend helpers. */
export * from './types';
export { chooseBackend, microBenchmark, lstmBenchmark, type BackendName, type ChooseBackendOptions, type MicroBenchmarkOptions } from './backend';
export { toArtifacts, fromArtifacts, disposeModel, type NeuralArtifacts, type NeuralModel } from './artifacts';
export { fitMlp, buildMlpNet, MLP_DEFAULTS, type MlpOptions, type MlpMeta, type MlpModel } from './fitMlp';
export { predictMlp } from './predictMlp';
export { fitEncoding, fillRows, type ColumnEncoder, type MlpEncoding } from './mlpEncoding';
export { quantileLoss, sortQuantileRows } from './quantileLoss';
export { trainLoop, type Batch, type TrainLoopSpec, type TrainResult } from './trainLoop';
export { SeededDropout, PositionalEncoding, DotProductAttention } from './layers';
export { fitSeq, SEQ_DEFAULTS, windowTensors, type SeqOptions, type SeqMeta, type SeqModel } from './fitSeq';
export { predictSeq, type SeqPredictRequest, type SeqForecast } from './predictSeq';
export { buildSeqNet, type SeqKind, type SeqDims, type SeqNetOptions } from './seqNetworks';
export { fillWindow, fitScalers, windowBuffers, WindowSampler, channels, type SeqLayout, type WindowBuffers } from './seqWindows';
export { denseParameters, trainingBytes, widthThatFits, memoryAdvice, isMemoryError, type NetSize } from './memoryFit';
