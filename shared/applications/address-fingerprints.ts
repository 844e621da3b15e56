import { type AddressHashConfig, ConfigurationError } from '../platform/config.js';
import { secretValue } from '../platform/secrets/secret-value.js';
import { type Fingerprints, keyedFingerprints } from './fingerprints.js';

/**
 * The container's keyed hashes of addresses, from the key given directly (locally) or by
 * its Secrets Manager ARN (deployed), fetched once. Fails at cold start, naming the
 * variables, when neither is set: an unkeyed fallback would quietly store plain digests.
 */
export function addressFingerprints(config: AddressHashConfig): Fingerprints {
  const source = { value: config.ADDRESS_HASH_KEY, arn: config.ADDRESS_HASH_KEY_ARN };
  if (source.value === undefined && source.arn === undefined) {
    throw new ConfigurationError(['ADDRESS_HASH_KEY or ADDRESS_HASH_KEY_ARN is required']);
  }
  const key = async () => {
    const value = await secretValue(source);
    if (value === undefined) throw new Error('The address hash key is not configured');
    return value;
  };
  // Fetch the key during init, before the first request; a failure is retried on use.
  key().catch(() => undefined);
  return keyedFingerprints(key);
}
