import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { aMentorApplication, uniqueEmail } from '../tests/support/builders.js';
import { applicationEvent, importHandler } from './in-process.js';

const context = { functionName: 'bench', awsRequestId: 'bench' } as unknown as Context;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Does the intake's answer take longer for an address that has applied before? In this
 * process, with the bundled handler: `pairs` rounds, each one first application (a new
 * address) and one repeat (the second application of an address that applied once),
 * their order alternating so neither always runs warmer. Each repeat address applies only
 * twice, so the daily email limit never changes what a request does.
 */
export async function repeatApplicantTiming(bundleFile: string, pairs: number) {
  const handler = await importHandler(bundleFile);
  const timed = async (application: Record<string, unknown>) => {
    const started = performance.now();
    const response = (await handler(
      applicationEvent(application),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    const elapsed = performance.now() - started;
    if (response.statusCode !== 201) throw new Error(`expected 201, got ${response.statusCode}`);
    return elapsed;
  };
  // Warm up, and give the first round an address that has applied once.
  let previous = uniqueEmail('repeat');
  for (let index = 0; index < 5; index++) await timed(aMentorApplication());
  await timed(aMentorApplication({ email: previous }));

  const first: number[] = [];
  const repeat: number[] = [];
  let repeatSlower = 0;
  for (let round = 0; round < pairs; round++) {
    const fresh = uniqueEmail('repeat');
    const runFirst = () => timed(aMentorApplication({ email: fresh }));
    const runRepeat = () => timed(aMentorApplication({ email: previous, capacity: 3 }));
    let firstMs: number;
    let repeatMs: number;
    if (round % 2 === 0) {
      firstMs = await runFirst();
      repeatMs = await runRepeat();
    } else {
      repeatMs = await runRepeat();
      firstMs = await runFirst();
    }
    first.push(firstMs);
    repeat.push(repeatMs);
    if (repeatMs > firstMs) repeatSlower++;
    previous = fresh;
  }
  return { pairs, firstMedian: median(first), repeatMedian: median(repeat), repeatSlower };
}
