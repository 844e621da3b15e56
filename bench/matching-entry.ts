// What the matching bench loads, bundled as the matching function is: the solver the
// function runs, the greedy baseline, and the pool generator the tests use.
export { DEFAULT_MATCHING_SETTINGS } from '../shared/matching/matching-settings.js';
export { solveMatching } from '../shared/matching/optimal-matching.js';
export { randomPool, seededRandom } from '../tests/support/matching-pools.js';
export { greedyMatching } from './greedy-matching.js';
