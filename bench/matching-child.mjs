// One solve of a generated pool in a fresh process: the time to solve, the greedy
// baseline's figures, and the process's peak resident set size.
import { pathToFileURL } from 'node:url';

const [bundle, menteesText, mentorsText, seedText] = process.argv.slice(2);
const { DEFAULT_MATCHING_SETTINGS, greedyMatching, randomPool, seededRandom, solveMatching } =
  await import(pathToFileURL(bundle).href);
const pool = randomPool(seededRandom(Number(seedText)), {
  mentees: Number(menteesText),
  mentors: Number(mentorsText),
});
const started = performance.now();
const result = solveMatching(pool, DEFAULT_MATCHING_SETTINGS);
const solveMs = performance.now() - started;
const greedyStarted = performance.now();
const greedy = greedyMatching(pool, DEFAULT_MATCHING_SETTINGS);
const greedyMs = performance.now() - greedyStarted;
process.stdout.write(
  `${JSON.stringify({
    solveMs,
    greedyMs,
    matched: result.metrics.matched,
    totalScore: result.metrics.totalScore,
    capacity: result.metrics.capacity,
    greedy,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
