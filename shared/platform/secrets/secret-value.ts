import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { boundedRequests, SECRETS_REQUEST_LIMITS } from '../aws/request-limits.js';

let client: SecretsManagerClient | undefined;
const cache = new Map<string, Promise<string>>();

/**
 * A secret given directly (locally) or by Secrets Manager ARN (deployed), fetched once per
 * container and kept: secrets stay out of the function's environment and the template.
 */
export function secretValue(source: { value?: string; arn?: string }): Promise<string | undefined> {
  if (source.value !== undefined) return Promise.resolve(source.value);
  const { arn } = source;
  if (arn === undefined) return Promise.resolve(undefined);
  let pending = cache.get(arn);
  if (!pending) {
    client ??= new SecretsManagerClient(boundedRequests(SECRETS_REQUEST_LIMITS));
    pending = client.send(new GetSecretValueCommand({ SecretId: arn })).then((output) => {
      if (!output.SecretString) throw new Error('The secret has no string value');
      return output.SecretString;
    });
    // A failed fetch is not cached: the next request tries again.
    pending.catch(() => cache.delete(arn));
    cache.set(arn, pending);
  }
  return pending;
}

/**
 * The applicant-link key, for the pages that check signed links: fetching starts now (in a
 * function's init, before the first request), and a failure is retried on use.
 */
export function applicantLinkKey(config: {
  APPLICANT_LINK_SECRET?: string | undefined;
  APPLICANT_LINK_SECRET_ARN?: string | undefined;
}): () => Promise<string> {
  const key = async () => {
    const secret = await secretValue({
      value: config.APPLICANT_LINK_SECRET,
      arn: config.APPLICANT_LINK_SECRET_ARN,
    });
    if (secret === undefined) throw new Error('The applicant link key is not configured');
    return secret;
  };
  key().catch(() => undefined);
  return key;
}
