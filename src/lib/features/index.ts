/**
 * Features: FeatureSpec → DuckDB SQL, timing labels and the leakage rule, the hand-off to models,
 * recursive lag values and permutation importance. `holidayCalendar` (date-holidays) is deliberately not
 * re-exported: use `loadHolidayCalendar`, which loads it lazily.
 */
export type {
  CalendarOptions,
  CovariateOptions,
  CustomFeature,
  FeatureSpec,
  HolidayEvent,
  HolidayOptions,
  LagOptions,
  PriceOptions,
  PromoOptions,
  ResolvedSpec,
  TargetOptions,
} from './spec';
export { lastYearLag, resolveSpec } from './spec';
export type { CompileContext, FeatureCheck, FeatureColumn, LagRecipe } from './featureColumn';
export { compileFeatures, runFeatureChecks, type CompiledFeatures } from './compileFeatures';
export { crossItemFeatures, crossItemGroup } from './crossItemFeatures';
export type { HolidayCalendar } from './holidayFeatures';
export type { HolidayCalendarOptions } from './holidayCalendar';
export { loadHolidayCalendar } from './loadHolidayCalendar';
export { checkCustomFeature, customFeatureProblem, customTiming } from './customFeatures';
export { validateCustomFeature, type CustomFeatureCheck, type SqlRunner } from './validateCustomFeature';
export { assertNoLeak, leakReason, LeakageError } from './leakage';
export { applyTarget, targetScaleSql, undoTarget } from './targetTransform';
export { lagRecipeValue, recursiveLagValues } from './recursiveLagValues';
export { frameFromArrow, type FrameOptions, type TableLike, type VectorLike } from './frameFromArrow';
export { maeMetric, permutationImportance, type FeatureImportance, type ImportanceOptions } from './importance';
export { featurePreviewSql, featureSummarySql } from './summarySql';
