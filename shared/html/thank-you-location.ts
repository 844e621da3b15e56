// Any absolute base works: only the path and query of a relative URL are kept.
const PLACEHOLDER_ORIGIN = 'https://placeholder.invalid';

/** The thank-you URL with `reference` set, keeping the URL relative if it was. */
export function thankYouLocation(thankYouUrl: string, reference: string): string {
  const url = new URL(thankYouUrl, PLACEHOLDER_ORIGIN);
  url.searchParams.set('reference', reference);
  return url.origin === PLACEHOLDER_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : url.href;
}
