/**
 * Replenishment: demand over lead time + review from a forecast's calibrated quantiles, safety stock, reorder
 * point, order-up-to, EOQ, (s,Q), (s,S), (R,S), batches, newsvendor; recommended orders; a lost-sales
 * simulator, policy replay on backtest forecasts, the naive benchmark and a parameter search.
 */
export { normalPdf, normalCdf, normalQuantile, normalLoss } from './normal';
export { quantileFunction, quantilesFromBands, type PeriodForecast, type QuantileFn } from './quantileFunction';
export { countPmf, countQuantileFn, isIntermittent } from './countDistribution';
export { leadTimeDemand, sampleQuantile, expectedShortage, type LeadTimeDemand, type LeadTimeDemandOptions, type DemandPaths } from './leadTimeDemand';
export { eoq, criticalFractile, normalSafetyStock, holdingPerPeriod, type EoqOptions, type FractileOptions, type NormalSafetyStockOptions } from './formulas';
export { levelForService, type LevelOptions } from './serviceLevel';
export { lostSalesLevel, lostSalesService } from './lostSalesLevel';
export { roundOrder, type RoundOptions } from './roundOrder';
export {
  INVENTORY_DEFAULTS, resolveInputs, checkInputs, overageOf,
  type InventoryInputs, type InventoryRow, type ResolvedInputs, type OpenOrder, type ServiceKind, type CheckContext,
} from './inputs';
export { formatAmount, formatValues } from './formatAmount';
export { computePolicies, newsvendorOf, type PolicySet, type PolicyOptions, type Explained } from './policies';
export { recommendOrders, type OrderLine, type PolicyKind, type RecommendOptions } from './recommendOrders';
export { simulate, type SimulateOptions, type SimMetrics, type SimTrace, type OrderRule } from './simulate';
export { prepareReplay, runReplay, type PrepareReplayOptions, type PreparedReplay, type RunReplayOptions } from './replay';
export { naivePolicy, zForFillRate, type NaivePolicyOptions } from './naivePolicy';
export {
  demandLevels, demandCalibration, calibrationsByCutoff, calibratedLookup, knownBy, residualCorrelation, residualDispersion, periodsOfSeries, periodsOfSet,
  type DemandCalibration, type DemandCalibrationOptions, type CalibratedLookupOptions, type PeriodShape,
} from './calibratedDemand';
export { calibratedEndForecast, type EndForecastOptions } from './endForecast';
export { poolReviewSearch, type PooledReviewSearch } from './reviewSearch';
export { checkUserPlan, forecastUnderPlan, type UserPlan, type PlanForecastOptions } from './planForecast';
export { nextOrders } from './nextOrders';
export { parseStockCsv, parseStockTable, readStockTable, type StockCsvOptions } from './stockCsv';
export { replaySeries, poolMetrics, economicReview, forecastCover, DEFAULT_SEARCH_GRID, type ReplaySeriesOptions, type SeriesReplay, type ReplayOutcome, type SearchPoint, type ReviewPoint, type ModelRows } from './historyReplay';
export { replenishPipeline, type ReplenishOptions, type ReplenishResult, type OrderOut } from './replenishPipeline';
export { studyItems, type StudyOptions, type ItemStudy } from './studyItems';
export { recommendationsCsv } from './recommendationsCsv';
export { searchSS, simulateSS, type SearchSSOptions, type SearchSSResult, type SSPoint } from './searchSS';
export { allocateOrders, allocationLp, expectedCost, orderOptions, type AllocItem, type AllocOptions, type Allocation } from './allocateOrders';
export { orderPlan, applyPromotions, periodsFromForecastSet, type OrderPlan, type OrderPlanOptions, type PlannedOrder, type PlannedPromotion, type PlanSeries } from './orderPlan';
export { learnOrderPolicy, averagePeriod, type LearnPolicyOptions, type LearnedPolicy } from './learnPolicy';
