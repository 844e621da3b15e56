import { keyedFingerprints } from '../../shared/applications/fingerprints.js';

/** The address-hash key the test gateway and the in-process adapters share. */
export const TEST_ADDRESS_HASH_KEY = 'test-address-hash-key-0123456789abcdef';

/** Keyed hashes under the tests' key, as the functions compute them. */
export const testFingerprints = keyedFingerprints(async () => TEST_ADDRESS_HASH_KEY);
