/**
 * Promotion decisions: mechanics → covariates, validation, uplift decomposition and money, scenario
 * comparison, elasticity, the response model, the exact promo-calendar optimiser and its RL environment.
 */
export { promoCovariates, mechanicDepth, DEFAULT_TYPE_CODES, type PromoMechanic, type Promotion, type PromoCovariates, type PromoCovariateOptions } from './mechanics';
export { validatePromotion, type PromoPlacement, type PromoValidationContext } from './validatePromotion';
export { periodMoney, unitCostOf, addMoney, zeroMoney, type Money, type MoneyInput, type MoneyOptions } from './promoMoney';
export { decomposeUplift, type UpliftRow, type PromoWindow, type DecomposeOptions, type UnitEffects, type SeriesUplift, type UpliftResult } from './decomposeUplift';
export { compareScenarios, MAX_SCENARIOS, type PromoObjective, type ScenarioSummary } from './compareScenarios';
export { poissonRegression, type PoissonOptions, type PoissonFit } from './poissonRegression';
export { priceDesign, relativeLogPrice, type PriceSeries, type DesignColumn, type PriceDesignOptions } from './priceDesign';
export { estimateElasticities, type ElasticityEstimate, type ElasticityOptions, type Lift } from './estimateElasticities';
export { shrinkElasticities, poolEstimates } from './shrinkElasticities';
export { optionEffect, optionValue, optionAllowed, evaluatePlan, type PlanItem, type PlanConstraints, type PlanProblem, type PlanChoice, type OptionEffect } from './promoResponse';
export { optimisePromotions, promoLp, type HighsSolver, type OptimiseOptions, type OptimisedPlan } from './optimisePromotions';
export { bruteForcePlan } from './bruteForcePlan';
export { randomPlanProblem, type RandomPlanOptions } from './randomPlanProblem';
export { promoEnvironment, type PromoEnvironment, type PromoState, type PromoEnvironmentOptions } from './promoEnvironment';
export { parseScenario, type Scenario, type ScenarioPromotion } from './scenario';
export { applyScenario, scenarioContext, type ApplyScenarioOptions, type AppliedScenario, type ScenarioContext } from './applyScenario';
export { planItemsFromEstimates, type PlanSeries, type PlanItemsOptions } from './planItemsFromEstimates';
export { regressionUplift, type ResponseCheck } from './regressionUplift';
export { planSeriesFromHistory, checkPlanInputs, type PlanSeriesOptions, type PlanInputs } from './planInputs';
export { fitScenarioModel, answerScenario, crossItemIssues, whatIfModels, whatIfIssues, promoColumns, type ScenarioModel, type ScenarioModelOptions, type AnswerScenarioOptions, type ScenarioAnswer } from './scenarioModel';
export { upliftRows, scenarioPeriods, type ScenarioPeriod, type UpliftRowsOptions } from './scenarioRows';
