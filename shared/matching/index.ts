/**
 * What other features may use of matching: ending a person's matches and removing them
 * from stored runs, both written inside their own transactions (erasure, withdrawal).
 */
export { matchEnding } from './store/match-ending.js';
export { registerState, removeFromRuns, runErasureWrites } from './store/matching-runs.js';
