import type { PageConfig } from '../../platform/config.js';
import { secretValue } from '../../platform/secrets/secret-value.js';
import type { SpamDefenceSettings } from './spam-defences.js';
import { turnstileHumanCheck } from './turnstile.js';

type SpamConfig = Pick<
  PageConfig,
  | 'FORM_SIGNING_SECRET'
  | 'FORM_SIGNING_SECRET_ARN'
  | 'TURNSTILE_SECRET_KEY'
  | 'TURNSTILE_SECRET_ARN'
  | 'TURNSTILE_VERIFY_URL'
>;

/** The spam defences the configuration turns on, with their secrets resolved (once per container). */
export async function spamDefencesFrom(config: SpamConfig): Promise<SpamDefenceSettings> {
  const [formSigningSecret, turnstileSecret] = await Promise.all([
    secretValue({ value: config.FORM_SIGNING_SECRET, arn: config.FORM_SIGNING_SECRET_ARN }),
    secretValue({ value: config.TURNSTILE_SECRET_KEY, arn: config.TURNSTILE_SECRET_ARN }),
  ]);
  return {
    ...(formSigningSecret ? { formSigningSecret } : {}),
    ...(turnstileSecret
      ? {
          humanCheck: turnstileHumanCheck({
            secret: turnstileSecret,
            verifyUrl: config.TURNSTILE_VERIFY_URL,
          }),
        }
      : {}),
  };
}
