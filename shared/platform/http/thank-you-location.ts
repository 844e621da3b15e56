// Any absolute base works: only the path and query of a relative URL are kept.
const PLACEHOLDER_ORIGIN = 'https://placeholder.invalid';

/**
 * True for a usable thank-you URL: a path on this service (`/thank-you`) or an absolute
 * http(s) URL on the website. Anything else (`//host`, `javascript:`) would be an open
 * redirect or a dead end.
 */
export function isThankYouUrl(value: string): boolean {
  return /^\/(?!\/)\S*$/.test(value) || /^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/.test(value);
}

/** The thank-you URL with `reference` set, keeping the URL relative if it was. */
export function thankYouLocation(thankYouUrl: string, reference: string): string {
  const url = new URL(thankYouUrl, PLACEHOLDER_ORIGIN);
  url.searchParams.set('reference', reference);
  return url.origin === PLACEHOLDER_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : url.href;
}

/**
 * The origin of an absolute thank-you URL (the website's own page), or undefined for a path
 * on this service. A form's CSP must allow it in `form-action`: Chromium applies that
 * directive to the redirect after the post, not only to the post itself.
 */
export function thankYouOrigin(thankYouUrl: string): string | undefined {
  const url = new URL(thankYouUrl, PLACEHOLDER_ORIGIN);
  return url.origin === PLACEHOLDER_ORIGIN ? undefined : url.origin;
}
