import * as z from 'zod/mini';
import { isThankYouUrl } from './http/thank-you-location.js';

// A display name and address, as SES takes it in Source: "Name <a@b.org>" or "a@b.org".
const MAILBOX = /^(?:[^\r\n<>]{1,100} <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

const text = () => z.string().check(z.minLength(1));

/** Where a form post lands: a path here or the website's own page (see isThankYouUrl). */
const thankYouUrl = () =>
  z._default(
    z
      .string()
      .check(z.refine(isThankYouUrl, 'must be a path like /thank-you or an absolute http(s) URL')),
    '/thank-you',
  );
const optionalText = () => z.optional(text());

const tableSettings = z.object({
  TABLE_NAME: text(),
});

/** Spam defence: each secret given directly (locally) or as a Secrets Manager ARN (deployed). */
const spamDefenceSettings = {
  FORM_SIGNING_SECRET: z.optional(z.string().check(z.minLength(16))),
  FORM_SIGNING_SECRET_ARN: optionalText(),
  TURNSTILE_SECRET_KEY: optionalText(),
  TURNSTILE_SECRET_ARN: optionalText(),
  TURNSTILE_SITE_KEY: optionalText(),
  TURNSTILE_VERIFY_URL: z._default(
    z.url(),
    'https://challenges.cloudflare.com/turnstile/v0/siteverify',
  ),
};

const pageSettings = z.object({
  ...tableSettings.shape,
  ...spamDefenceSettings,
  THANK_YOU_URL: thankYouUrl(),
  /** Comma-separated origins that may frame the forms (the website). */
  ALLOWED_ORIGINS: z.pipe(
    z._default(z.string(), ''),
    z.transform((list: string) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  ),
});

/** The validated settings of the form pages. */
export type PageConfig = z.infer<typeof pageSettings>;

/**
 * The key of the hashes that stand for addresses in the table (quota, suppression and
 * applicant guards): given directly (locally) or as a Secrets Manager ARN (deployed).
 */
const addressHashSettings = {
  ADDRESS_HASH_KEY: z.optional(z.string().check(z.minLength(32))),
  ADDRESS_HASH_KEY_ARN: optionalText(),
};

/** Where the address-hash key comes from. */
export type AddressHashConfig = {
  ADDRESS_HASH_KEY?: string | undefined;
  ADDRESS_HASH_KEY_ARN?: string | undefined;
};

const intakeSettings = z.extend(tableSettings, {
  ...spamDefenceSettings,
  ...addressHashSettings,
  STAFF_NOTIFICATIONS: z._default(z.enum(['on', 'off']), 'on'),
  THANK_YOU_URL: thankYouUrl(),
});

/** The key of the applicants' links: given directly (locally) or as a Secrets Manager ARN. */
const applicantLinkSettings = {
  APPLICANT_LINK_SECRET: z.optional(z.string().check(z.minLength(32))),
  APPLICANT_LINK_SECRET_ARN: optionalText(),
};

const emailSettings = z.extend(tableSettings, {
  ...applicantLinkSettings,
  ...addressHashSettings,
  /** The API's public address, for the link in each confirmation (none without it). */
  PUBLIC_BASE_URL: z.optional(z.url({ protocol: /^https?$/ })),
  SENDER_EMAIL: z
    .string()
    .check(z.regex(MAILBOX, 'must be an address, optionally with a display name')),
  STAFF_EMAIL: z.email(),
  PROGRAM_NAME: z._default(
    z.string().check(z.minLength(1), z.maxLength(100)),
    'LACMA Mentoring Program',
  ),
  SES_CONFIGURATION_SET: optionalText(),
});

/** The validated settings of the functions that send email (the sender and the sweeper). */
export type EmailConfig = z.infer<typeof emailSettings>;

/** The validated settings of the intake function. */
export type IntakeConfig = z.infer<typeof intakeSettings>;

const staffSettings = z.extend(tableSettings, {
  ...addressHashSettings,
  /** The check-ins' schedule, for the Matches page's flags (as the scheduler reads it). */
  CHECK_IN_SCHEDULE: z._default(z.string().check(z.minLength(1), z.maxLength(100)), '30,mid-cycle'),
  /** Days a declined or withdrawn application is kept before DynamoDB's TTL deletes it. */
  RETENTION_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(3650)), 365),
});

/** The validated settings of the admin API. */
export type StaffConfig = z.infer<typeof staffSettings>;

const selfServiceSettings = z.extend(staffSettings, {
  ...applicantLinkSettings,
  STAFF_EMAIL: z.email(),
  PROGRAM_NAME: z._default(
    z.string().check(z.minLength(1), z.maxLength(100)),
    'LACMA Mentoring Program',
  ),
});

/** The validated settings of the applicants' own page (`/my-application`). */
export type SelfServiceConfig = z.infer<typeof selfServiceSettings>;

const returningMentorSettings = z.extend(tableSettings, {
  ...applicantLinkSettings,
  ...addressHashSettings,
  STAFF_NOTIFICATIONS: z._default(z.enum(['on', 'off']), 'on'),
  STAFF_EMAIL: z.email(),
  PROGRAM_NAME: z._default(
    z.string().check(z.minLength(1), z.maxLength(100)),
    'LACMA Mentoring Program',
  ),
});

/** The validated settings of the returning mentor's page (`/returning-mentor`). */
export type ReturningMentorConfig = z.infer<typeof returningMentorSettings>;

const consoleSettings = z.object({
  /** The OpenID issuer the console signs in with: the user pool's (deployed), the local provider's. */
  CONSOLE_OIDC_AUTHORITY: z.url(),
  CONSOLE_OIDC_CLIENT_ID: text(),
  /** Cognito's `/logout` on the user pool domain (or the local provider's). */
  CONSOLE_LOGOUT_URL: z.url(),
  /** Where the console's built script and style sheet are; by default beside the handler. */
  CONSOLE_ASSETS_DIR: optionalText(),
});

/** The validated settings of the staff console's pages. */
export type ConsoleConfig = z.infer<typeof consoleSettings>;

/** Thrown when the environment is missing or has a bad setting; names each variable. */
export class ConfigurationError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

function parseWith<T extends z.ZodMiniType>(
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
export function parseIntakeConfig(env: Record<string, string | undefined>): IntakeConfig {
  return parseWith(intakeSettings, env);
}

/** Parses the email senders' settings from an environment; pure, for tests. */
export function parseEmailConfig(env: Record<string, string | undefined>): EmailConfig {
  return parseWith(emailSettings, env);
}

let intake: IntakeConfig | undefined;
let email: EmailConfig | undefined;
let pages: PageConfig | undefined;
let staff: StaffConfig | undefined;
let consolePages: ConsoleConfig | undefined;

/** Parses the console's settings from an environment; pure, for tests. */
export function parseConsoleConfig(env: Record<string, string | undefined>): ConsoleConfig {
  return parseWith(consoleSettings, env);
}

/** Parses the applicants' page's settings from an environment; pure, for tests. */
export function parseSelfServiceConfig(env: Record<string, string | undefined>): SelfServiceConfig {
  return withLinkKey(parseWith(selfServiceSettings, env));
}

/** A page that checks signed links cannot work without their key. */
function withLinkKey<
  T extends { APPLICANT_LINK_SECRET?: string; APPLICANT_LINK_SECRET_ARN?: string },
>(config: T): T {
  if (
    config.APPLICANT_LINK_SECRET === undefined &&
    config.APPLICANT_LINK_SECRET_ARN === undefined
  ) {
    throw new ConfigurationError([
      'APPLICANT_LINK_SECRET or APPLICANT_LINK_SECRET_ARN is required',
    ]);
  }
  return config;
}

/** Parses the returning mentor page's settings from an environment; pure, for tests. */
export function parseReturningMentorConfig(
  env: Record<string, string | undefined>,
): ReturningMentorConfig {
  return withLinkKey(parseWith(returningMentorSettings, env));
}

const checkInPageSettings = z.extend(tableSettings, {
  ...applicantLinkSettings,
  STAFF_EMAIL: z.email(),
  PROGRAM_NAME: z._default(
    z.string().check(z.minLength(1), z.maxLength(100)),
    'LACMA Mentoring Program',
  ),
});

/**
 * The validated settings of a page a signed link opens after the introduction: the
 * check-in (`/check-in`) and the end-of-cycle evaluation (`/evaluation`).
 */
export type CheckInPageConfig = z.infer<typeof checkInPageSettings>;

let checkInPage: CheckInPageConfig | undefined;

/** The check-in (or evaluation) page's settings, validated once. */
export function checkInPageConfig(): CheckInPageConfig {
  checkInPage ??= withLinkKey(parseWith(checkInPageSettings, process.env));
  return checkInPage;
}

const checkInSchedulerSettings = z.extend(tableSettings, {
  /** When check-ins go, relative to each match: days after it and `mid-cycle` ("30,mid-cycle"). */
  CHECK_IN_SCHEDULE: z._default(z.string().check(z.minLength(1), z.maxLength(100)), '30,mid-cycle'),
});

/** The validated settings of the check-in scheduler. */
export type CheckInSchedulerConfig = z.infer<typeof checkInSchedulerSettings>;

let checkInScheduler: CheckInSchedulerConfig | undefined;

/** The check-in scheduler's settings, validated once. */
export function checkInSchedulerConfig(): CheckInSchedulerConfig {
  checkInScheduler ??= parseWith(checkInSchedulerSettings, process.env);
  return checkInScheduler;
}

let returningMentor: ReturningMentorConfig | undefined;

/** The returning mentor page's settings, validated once. */
export function returningMentorConfig(): ReturningMentorConfig {
  returningMentor ??= parseReturningMentorConfig(process.env);
  return returningMentor;
}

let selfService: SelfServiceConfig | undefined;

/** The applicants' page's settings, read once. */
export function selfServiceConfig(): SelfServiceConfig {
  selfService ??= parseSelfServiceConfig(process.env);
  return selfService;
}

/** The staff console's settings, read once. */
export function consoleConfig(): ConsoleConfig {
  consolePages ??= parseConsoleConfig(process.env);
  return consolePages;
}

let letters: z.infer<typeof tableSettings> | undefined;

/** The letters of recognition's settings, read once: only its table. */
export function lettersConfig(): z.infer<typeof tableSettings> {
  letters ??= parseWith(tableSettings, process.env);
  return letters;
}

let tally: z.infer<typeof tableSettings> | undefined;

/** The dashboard aggregator's settings, read once: only its table. */
export function tallyConfig(): z.infer<typeof tableSettings> {
  tally ??= parseWith(tableSettings, process.env);
  return tally;
}

/** The form pages' settings, read once. */
export function pageConfig(): PageConfig {
  pages ??= parseWith(pageSettings, process.env);
  return pages;
}

/** The intake container's settings, read from process.env once; a bad one fails the cold start. */
export function intakeConfig(): IntakeConfig {
  intake ??= parseIntakeConfig(process.env);
  return intake;
}

const sesEventsSettings = z.extend(tableSettings, {
  ...addressHashSettings,
  /** Program staff: this address's bounces and complaints are alarmed on, never suppressed. */
  STAFF_EMAIL: z.email(),
});

/** The validated settings of the bounce and complaint handler. */
export type SesEventsConfig = z.infer<typeof sesEventsSettings>;

/** Parses the bounce and complaint handler's settings from an environment; pure, for tests. */
export function parseSesEventsConfig(env: Record<string, string | undefined>): SesEventsConfig {
  return parseWith(sesEventsSettings, env);
}

let sesEvents: SesEventsConfig | undefined;

/** The bounce and complaint handler's settings, read once. */
export function sesEventsConfig(): SesEventsConfig {
  sesEvents ??= parseSesEventsConfig(process.env);
  return sesEvents;
}

// Matching reads the table, and hashes the addresses of a run's people to find the ones
// on the suppression list.
const matchingSettings = z.extend(tableSettings, addressHashSettings);

/** The validated settings of the matching API. */
export type MatchingConfig = z.infer<typeof matchingSettings>;

let matching: MatchingConfig | undefined;

/** The matching API's settings, read once. */
export function matchingConfig(): MatchingConfig {
  matching ??= parseWith(matchingSettings, process.env);
  return matching;
}

/** The email senders' settings, read once; a bad one fails the cold start. */
export function emailConfig(): EmailConfig {
  email ??= parseEmailConfig(process.env);
  return email;
}

/** The admin API's settings, read once. */
export function staffConfig(): StaffConfig {
  staff ??= parseWith(staffSettings, process.env);
  return staff;
}

let cycleCompletion: z.infer<typeof tableSettings> | undefined;

/** The settings of the function that completes cycles at their end date, validated once. */
export function cycleCompletionConfig(): z.infer<typeof tableSettings> {
  cycleCompletion ??= parseWith(tableSettings, process.env);
  return cycleCompletion;
}
