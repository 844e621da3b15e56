import { aMentorApplication } from '../tests/support/builders.js';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

/**
 * From `201` to the confirmation in the SES stand-in's store, through the local gateway and
 * the stream poller that plays the event source mapping: `count` applications one after
 * another, the store polled every 10 ms after each answer.
 */
export async function emailLatency(gatewayUrl: string, sesUrl: string, count: number) {
  const delays: number[] = [];
  for (let index = 0; index < count; index++) {
    const application = aMentorApplication();
    const response = await fetch(`${gatewayUrl}/applications/mentor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(application),
    });
    const answered = performance.now();
    if (response.status !== 201) throw new Error(`expected 201, got ${response.status}`);
    for (;;) {
      const { emails } = (await (await fetch(`${sesUrl}/store`)).json()) as {
        emails: Array<{ destination: { to: string[] } }>;
      };
      if (emails.some((email) => email.destination.to.includes(application.email))) break;
      if (performance.now() - answered > 30_000) throw new Error('no email within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    delays.push(performance.now() - answered);
  }
  return { p50: percentile(delays, 50), p95: percentile(delays, 95), count };
}
