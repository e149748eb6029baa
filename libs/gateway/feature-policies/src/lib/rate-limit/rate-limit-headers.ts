/** A budget: `points` requests per `windowSeconds`, per consumer. */
export interface RateLimit {
  points: number;
  windowSeconds: number;
}

/**
 * The rate-limit headers of draft-ietf-httpapi-ratelimit-headers-07 (the last draft with separate
 * fields, which is what most clients and proxies read): the budget, what is left of it, seconds
 * until the window resets, and the policy (`600;w=60`).
 */
export function rateLimitHeaders(limit: RateLimit, remaining: number, msBeforeReset: number): Record<string, string> {
  return {
    'ratelimit-limit': String(limit.points),
    'ratelimit-remaining': String(Math.max(0, remaining)),
    'ratelimit-reset': String(secondsFrom(msBeforeReset)),
    'ratelimit-policy': `${limit.points};w=${limit.windowSeconds}`,
  };
}

/** Whole seconds until `ms` has passed, at least 1 (a client waiting 0 s would retry too early). */
export function secondsFrom(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
