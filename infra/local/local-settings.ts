import * as z from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const localSettingsSchema = z.object({
  PORT: port(3000),
  DYNAMODB_PORT: port(8000),
  SES_PORT: port(8005),
  DATA_DIR: z.string().min(1).default('.data'),
  RETRY_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
});

/** Where `npm start` listens and keeps its data. */
export type LocalSettings = z.infer<typeof localSettingsSchema>;

/** Reads the local runtime's settings, naming any variable that is wrong. */
export function parseLocalSettings(env: Record<string, string | undefined>): LocalSettings {
  const result = localSettingsSchema.safeParse(env);
  if (!result.success) {
    throw new Error(
      `Invalid local settings: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  return result.data;
}

/**
 * The environment the functions get locally: the same variables the stack sets, pointing
 * at the local stand-ins through the SDK's standard endpoint variables. Values the person
 * already set (say, TABLE_NAME) win, except credentials, which the stand-ins ignore anyway.
 */
export function localFunctionEnvironment(
  endpoints: { dynamoDb: string; ses: string },
  env: Record<string, string | undefined>,
): Record<string, string> {
  return {
    TABLE_NAME: env.TABLE_NAME ?? 'mentoring-intake-local',
    SENDER_EMAIL: env.SENDER_EMAIL ?? 'LACMA Mentoring Program <mentoring@ladocs.example>',
    STAFF_EMAIL: env.STAFF_EMAIL ?? 'mentoring-staff@ladocs.example',
    THANK_YOU_URL: env.THANK_YOU_URL ?? '/thank-you',
    AWS_REGION: env.AWS_REGION ?? 'us-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDb,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  };
}
