/** Teaching: the guided tour's stops and the sample's truth set beside the studio's estimates. */
export { TOUR_STOPS, moveTour, type TourStop, type TourNavStep } from './tour';
export { parseSampleTruth, compareElasticities, pooledPromoEffects, estimatedUplift, weightedTruthLift, type SampleTruth, type ElasticityComparison, type UpliftSeries } from './sampleTruth';
