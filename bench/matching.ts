import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One generated pool, solved in a fresh process from the bundle; each seed a new pool. */
export async function matchingRuns(
  bundle: string,
  size: { mentees: number; mentors: number },
  seeds: readonly number[],
) {
  const results = [];
  for (const seed of seeds) {
    const child = await run(
      process.execPath,
      [
        join(import.meta.dirname, 'matching-child.mjs'),
        bundle,
        String(size.mentees),
        String(size.mentors),
        String(seed),
      ],
      { maxBuffer: 1024 * 1024 },
    );
    results.push(
      JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
        solveMs: number;
        greedyMs: number;
        matched: number;
        totalScore: number;
        capacity: number;
        greedy: { matched: number; totalScore: number };
        maxRssKb: number;
      },
    );
  }
  return results;
}
