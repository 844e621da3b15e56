/** The outcome of a human check. */
export type HumanCheckVerdict = 'passed' | 'failed' | 'unavailable';

/**
 * The port to a human-verification service (Cloudflare Turnstile deployed): whether the
 * token a browser widget produced proves a person sent the form. A service that cannot be
 * reached is `unavailable`, never a pass.
 */
export interface HumanCheck {
  verify(token: unknown, remoteIp?: string): Promise<HumanCheckVerdict>;
}
