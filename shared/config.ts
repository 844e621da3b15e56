import * as z from 'zod';

// A display name and address, as SES takes it in Source: "Name <a@b.org>" or "a@b.org".
const MAILBOX = /^(?:[^\r\n<>]{1,100} <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

const tableSettings = z.object({
  TABLE_NAME: z.string().min(1),
});

const optionalText = z.string().min(1).optional();

/** Spam defence: each secret given directly (locally) or as a Secrets Manager ARN (deployed). */
const spamDefenceSettings = {
  FORM_SIGNING_SECRET: z.string().min(16).optional(),
  FORM_SIGNING_SECRET_ARN: optionalText,
  TURNSTILE_SECRET_KEY: optionalText,
  TURNSTILE_SECRET_ARN: optionalText,
  TURNSTILE_SITE_KEY: optionalText,
  TURNSTILE_VERIFY_URL: z
    .url()
    .default('https://challenges.cloudflare.com/turnstile/v0/siteverify'),
};

const pageSettings = z.object({
  ...spamDefenceSettings,
  THANK_YOU_URL: z.string().min(1).default('/thank-you'),
  /** Comma-separated origins that may frame the forms (the website). */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
});

/** The validated settings of the form pages. */
export type PageConfig = z.infer<typeof pageSettings>;

const intakeSettings = tableSettings.extend({
  ...spamDefenceSettings,
  STAFF_NOTIFICATIONS: z.enum(['on', 'off']).default('on'),
  SENDER_EMAIL: z.string().regex(MAILBOX, 'must be an address, optionally with a display name'),
  STAFF_EMAIL: z.email(),
  PROGRAM_NAME: z.string().min(1).max(100).default('LACMA Mentoring Program'),
  THANK_YOU_URL: z.string().min(1).default('/thank-you'),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
});

/** The validated settings of the intake function. */
export type IntakeConfig = z.infer<typeof intakeSettings>;

const staffSettings = tableSettings.extend({
  /** Days a declined or withdrawn application is kept before DynamoDB's TTL deletes it. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
});

/** The validated settings of the admin API. */
export type StaffConfig = z.infer<typeof staffSettings>;

/** Thrown when the environment is missing or has a bad setting; names each variable. */
export class ConfigurationError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

function parseWith<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined>,
): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigurationError(
      result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
    );
  }
  return result.data;
}

/** Parses the intake's settings from an environment; pure, for tests and the local runtime. */
export function parseConfig(env: Record<string, string | undefined>): IntakeConfig {
  return parseWith(intakeSettings, env);
}

let intake: IntakeConfig | undefined;
let pages: PageConfig | undefined;

/** The form pages' settings, read once. */
export function pageConfig(): PageConfig {
  pages ??= parseWith(pageSettings, process.env);
  return pages;
}

let staff: StaffConfig | undefined;

/** The intake container's settings, read from process.env once; a bad one fails the cold start. */
export function intakeConfig(): IntakeConfig {
  intake ??= parseConfig(process.env);
  return intake;
}

/** The admin API's settings, read once. */
export function staffConfig(): StaffConfig {
  staff ??= parseWith(staffSettings, process.env);
  return staff;
}
