/**
 * API Gateway's throttling as a token bucket: `burstLimit` requests at once, refilled at
 * `rateLimit` a second. One bucket per route key for the whole API, as a route's settings
 * apply to every caller of the stage (there is no per-client limit in an HTTP API).
 */
export class RouteThrottle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes one request's token for the route; false when its bucket is empty (429). */
  take(routeKey: string, limit: { rateLimit: number; burstLimit: number }): boolean {
    const now = this.now();
    const bucket = this.buckets.get(routeKey) ?? { tokens: limit.burstLimit, at: now };
    const refilled = Math.min(
      limit.burstLimit,
      bucket.tokens + ((now - bucket.at) / 1000) * limit.rateLimit,
    );
    const allowed = refilled >= 1;
    this.buckets.set(routeKey, { tokens: allowed ? refilled - 1 : refilled, at: now });
    return allowed;
  }
}
