import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Replaces @aws-sdk/credential-provider-node in the Lambda bundles (an esbuild alias).
 * Lambda always gives a function its role's credentials in the environment, so the
 * default chain's other sources (SSO, profiles, web identity, instance metadata) are dead
 * weight there: about 80 KB of every bundle, parsed on every cold start.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
