import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app.js';
import type { RouteDefinition } from '../../infra/routes.js';

/** A valid stage's settings, as cdk.json would hold them. */
export const TEST_STAGE = {
  allowedOrigins: ['https://www.ladocs.org', 'http://localhost:3000'],
  senderDomain: 'mentoring.example.org',
  senderEmail: 'no-reply@mentoring.example.org',
  staffEmail: 'staff@example.org',
  thankYouUrl: 'https://www.ladocs.org/mentoring/thank-you',
  throttle: { rateLimit: 15, burstLimit: 30 },
  intakeReservedConcurrency: 12,
};

/** One violation or acknowledgement in cdk-nag's validation report. */
export interface NagFinding {
  ruleName: string;
  reason?: string;
  violatingConstructs: Array<{ constructPath: string }>;
}

/**
 * Synthesises the stack for a stage without bundling (the template is all a test needs),
 * and returns the template with cdk-nag's report.
 */
export function synthesize(options: { stage?: string; routes?: readonly RouteDefinition[] } = {}) {
  const stage = options.stage ?? 'dev';
  const { app, stack } = buildApp({
    context: {
      stage,
      stages: { [stage]: TEST_STAGE },
      'aws:cdk:bundling-stacks': [],
    },
    routes: options.routes,
  });
  const assembly = app.synth();
  const report = JSON.parse(
    readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
  ) as {
    pluginReports: Array<{
      pluginName: string;
      violations: NagFinding[];
      suppressedViolations: NagFinding[];
    }>;
  };
  return { stack, template: Template.fromStack(stack), nag: report.pluginReports };
}
