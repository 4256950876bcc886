export * from './types';
export { fitRidgeGd, RIDGE_GD_DEFAULTS, type RidgeGdOptions, type RidgeGdRun } from './fitRidgeGd';
export { fitRidgeClosedForm, choleskySolve, type RidgeClosedFormOptions } from './fitRidgeClosedForm';
export { predictLinear, originalCoefficients } from './predictLinear';
export { standardize } from './standardize';
