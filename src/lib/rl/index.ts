/**
 * Reinforcement learning, generic: an episodic environment contract with action masking, tabular
 * Q-learning and a small DQN (TF.js). The promotion planner's environment is `promoEnvironment` in `promo/`.
 */
export { rollout, type Environment, type StepResult, type Rollout } from './environment';
export { qLearning, type QLearningOptions, type QLearningResult } from './qLearning';
export { trainDqn, type DqnOptions, type DqnResult } from './dqn';
