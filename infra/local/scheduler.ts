import type { Context } from 'aws-lambda';
import type { ScheduledFunction } from '../routes.js';
import { lambdaContext } from './gateway.js';

type ScheduledHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Runs the scheduled functions locally on an interval, as EventBridge does deployed,
 * calling the very handler modules Lambda runs. Returns a function that stops them.
 */
export function startSchedules(options: {
  schedules: readonly ScheduledFunction[];
  load: (functionName: string) => Promise<ScheduledHandler>;
  /** Overrides every schedule's interval (npm start: a minute, so a retry shows up soon). */
  intervalMs?: number;
  onError?: (functionName: string, error: unknown) => void;
}): () => void {
  const timers = options.schedules.map((schedule) => {
    let running = false;
    const run = async () => {
      if (running) return;
      running = true;
      try {
        const handler = await options.load(schedule.functionName);
        await handler(
          {
            source: 'local.scheduler',
            'detail-type': 'Scheduled Event',
            time: new Date().toISOString(),
          },
          // The deployed function's time: the sweeper plans its work by what remains.
          lambdaContext(schedule.functionName),
        );
      } catch (error) {
        options.onError?.(schedule.functionName, error);
      } finally {
        running = false;
      }
    };
    return setInterval(run, options.intervalMs ?? schedule.everyMinutes * 60_000);
  });
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
