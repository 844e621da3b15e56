import * as z from 'zod';

// A display name and address, as SES takes it in Source: "Name <a@b.org>" or "a@b.org".
const MAILBOX = /^(?:[^\r\n<>]{1,100} <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  SENDER_EMAIL: z.string().regex(MAILBOX, 'must be an address, optionally with a display name'),
  STAFF_EMAIL: z.email(),
  PROGRAM_NAME: z.string().min(1).max(100).default('LACMA Mentoring Program'),
  THANK_YOU_URL: z.string().min(1).default('/thank-you'),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
});

/** The validated settings of a function container. */
export type IntakeConfig = z.infer<typeof environmentSchema>;

/** Thrown when the environment is missing or has a bad setting; names each variable. */
export class ConfigurationError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

/** Parses settings from an environment; pure, for tests and the local runtime. */
export function parseConfig(env: Record<string, string | undefined>): IntakeConfig {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigurationError(
      result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
    );
  }
  return result.data;
}

let loaded: IntakeConfig | undefined;

/** The container's settings, read from process.env once; a bad setting fails the cold start. */
export function intakeConfig(): IntakeConfig {
  loaded ??= parseConfig(process.env);
  return loaded;
}
