import * as z from 'zod';
import { parseCheckInSchedule } from '../shared/check-ins/check-in-schedule.js';
import { isThankYouUrl } from '../shared/platform/http/thank-you-location.js';

const origin = z
  .url()
  .refine(
    (value) => new URL(value).origin === value,
    'must be an origin: scheme, host and port only',
  );

const stageConfigSchema = z.strictObject({
  /** Origins allowed to call the API from a browser (the website), exactly. */
  allowedOrigins: z.array(origin).min(1),
  /** The domain verified in SES (Easy DKIM) that confirmations are sent from. */
  senderDomain: z
    .string()
    .regex(/^(?:[a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain like ladocs.org'),
  /** The sender address, at `senderDomain`. */
  senderEmail: z.email(),
  /** Program staff: Reply-To of confirmations and the alarm recipient. */
  staffEmail: z.email(),
  /** Where a form post is redirected; relative means this API's own thank-you page. */
  thankYouUrl: z
    .string()
    .refine(isThankYouUrl, 'must be a path like /thank-you or an absolute http(s) URL')
    .default('/thank-you'),
  /** Steady-state requests per second across the API, and the burst above it. */
  throttle: z
    .strictObject({ rateLimit: z.number().positive(), burstLimit: z.int().positive() })
    .default({ rateLimit: 20, burstLimit: 40 }),
  /** Concurrent executions reserved for (and capping) the public intake function. */
  intakeReservedConcurrency: z.int().min(1).default(20),
  /** Cloudflare Turnstile on the forms: its public site key and the ARN of a secret holding its secret key. */
  turnstile: z
    .strictObject({ siteKey: z.string().min(1), secretArn: z.string().startsWith('arn:') })
    .optional(),
  /** Days a declined or withdrawn application is kept before DynamoDB's TTL deletes it. */
  retentionDays: z.int().min(1).max(3650).default(365),
  /**
   * The Cognito domain prefix of the staff console's sign-in pages
   * (`<prefix>.auth.<region>.amazoncognito.com`); unique across AWS. By default
   * `lacma-mentoring-<stage>`.
   */
  signInDomainPrefix: z
    .string()
    .regex(
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      'must be lower-case letters, digits and hyphens, not starting or ending with a hyphen',
    )
    .refine(
      (prefix) => !/aws|amazon|cognito/.test(prefix),
      'must not contain aws, amazon or cognito (Cognito refuses them)',
    )
    .optional(),
  /**
   * When each match's check-ins go: days after the match and `mid-cycle` (halfway through
   * the program, for cycles with start and end days), comma separated.
   */
  checkInSchedule: z
    .string()
    .refine((text) => typeof parseCheckInSchedule(text) !== 'string', {
      error: (issue) => String(parseCheckInSchedule(String(issue.input))),
    })
    .default('30,mid-cycle'),
  /** Days CloudWatch keeps function and access logs. */
  logRetentionDays: z.int().positive().default(90),
});

/** One stage's settings, from cdk context `stages.<stage>`. */
export type StageConfig = z.infer<typeof stageConfigSchema> & {
  signInDomainPrefix: string;
  stage: string;
  production: boolean;
};

/** Thrown at synth when a stage's context is missing or wrong; names each setting. */
export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

/**
 * Reads and validates a stage's settings from cdk context (`-c stage=prod`, settings under
 * `stages.prod` in cdk.json or `-c`), so a bad deploy fails at synth, not in production.
 */
export function readStageConfig(stage: string, stages: unknown): StageConfig {
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new StageConfigError(`stage "${stage}" must be lower-case letters, digits and hyphens`);
  }
  const raw = (stages as Record<string, unknown> | undefined)?.[stage];
  if (raw === undefined) {
    throw new StageConfigError(
      `no settings for stage "${stage}": add context "stages": { "${stage}": { allowedOrigins, senderDomain, senderEmail, staffEmail } } to cdk.json`,
    );
  }
  const result = stageConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `stages.${stage}.${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new StageConfigError(`invalid settings for stage "${stage}": ${problems.join('; ')}`);
  }
  const config = result.data;
  if (!config.senderEmail.endsWith(`@${config.senderDomain}`)) {
    throw new StageConfigError(
      `stages.${stage}.senderEmail must be an address at senderDomain (${config.senderDomain})`,
    );
  }
  return {
    ...config,
    signInDomainPrefix: config.signInDomainPrefix ?? `lacma-mentoring-${stage}`,
    stage,
    production: stage === 'prod',
  };
}
