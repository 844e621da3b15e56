/** Where a problem page leads the person next. */
export interface WayBack {
  /** A path on this service (never taken from a request header). */
  href: string;
  label: string;
}

/** The way back from a problem with no form to return to: the front page. */
export const FRONT_PAGE: WayBack = { href: '/', label: 'go to the front page' };
