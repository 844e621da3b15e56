import { type BenchHandler, timedCall } from './in-process.js';

/** One thing measured warm: a name and its handler, imported into this process. */
export interface WarmSubject {
  name: string;
  handler: BenchHandler;
}

/** What one subject measured: sequential latency and throughput at a number in flight. */
export interface WarmFigures {
  median: number;
  p95: number;
  requestsPerSecond: number;
  /** Requests answered 503 (DynamoDB Local too slow for the request bound) at `inFlight`. */
  turnedAway: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

/**
 * Requests per second answered 201 with `inFlight` at once. On a loaded machine DynamoDB
 * Local can miss the intake's 1.5 s request bound, and the intake then answers its
 * documented 503: counted and reported, not a reason to stop the whole bench.
 */
async function atOnce(
  handler: BenchHandler,
  inFlight: number,
  total: number,
): Promise<{ rate: number; turnedAway: number }> {
  let started = 0;
  let turnedAway = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started < total) {
        started++;
        try {
          await timedCall(handler);
        } catch (error) {
          if (!String(error).includes('got 503')) throw error;
          turnedAway++;
        }
      }
    }),
  );
  return { rate: (total - turnedAway) / ((performance.now() - began) / 1000), turnedAway };
}

/**
 * Warm figures for several subjects in one run, in alternating rounds (each round runs them
 * in a rotated order), so that neither the machine's warming up nor other load favours
 * one: sequential latency, then throughput with `inFlight` requests at once.
 */
export async function compareWarm(
  subjects: readonly WarmSubject[],
  options: {
    rounds: number;
    sequentialPerRound: number;
    inFlight: number;
    perRoundInFlight: number;
  },
): Promise<Map<string, WarmFigures>> {
  for (const { handler } of subjects) for (let i = 0; i < 20; i++) await timedCall(handler);
  const latencies = new Map(subjects.map(({ name }) => [name, [] as number[]]));
  const throughputs = new Map(subjects.map(({ name }) => [name, [] as number[]]));
  const turnedAway = new Map(subjects.map(({ name }) => [name, 0]));
  for (let round = 0; round < options.rounds; round++) {
    const order = subjects.map((_, index) => subjects[(index + round) % subjects.length]);
    for (const subject of order) {
      if (!subject) continue;
      for (let i = 0; i < options.sequentialPerRound; i++) {
        latencies.get(subject.name)?.push(await timedCall(subject.handler));
      }
    }
    for (const subject of order) {
      if (!subject) continue;
      const result = await atOnce(subject.handler, options.inFlight, options.perRoundInFlight);
      throughputs.get(subject.name)?.push(result.rate);
      turnedAway.set(subject.name, (turnedAway.get(subject.name) ?? 0) + result.turnedAway);
    }
  }
  return new Map(
    subjects.map(({ name }) => {
      const all = latencies.get(name) ?? [];
      const rates = throughputs.get(name) ?? [];
      return [
        name,
        {
          median: percentile(all, 50),
          p95: percentile(all, 95),
          requestsPerSecond: percentile(rates, 50),
          turnedAway: turnedAway.get(name) ?? 0,
        },
      ];
    }),
  );
}
