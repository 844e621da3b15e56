/**
 * What other features may use of matching: ending a person's matches (the plan, read from
 * the other sides, and its writes) and removing them from stored runs, both written inside
 * their own transactions (erasure, withdrawal).
 */
export type { MatchEndingPlan } from './match-ending.js';
export { matchEndingWrites, readMatchEnding } from './store/match-ending.js';
export { registerState, removeFromRuns, runErasureWrites } from './store/matching-runs.js';
