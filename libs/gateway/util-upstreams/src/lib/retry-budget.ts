export interface RetryBudgetOptions {
  /** Retries allowed as a share of the requests in the window (0.2: one retry per five requests). */
  ratio: number;
  /** Retries allowed per second on top of that, so a quiet upstream can still fail over. */
  minPerSecond: number;
  /** Sliding window, in whole seconds. */
  windowSeconds?: number;
}

/**
 * Caps retries to an upstream so they cannot multiply an outage: over a sliding window, at most
 * `minPerSecond × window + ratio × requests` retries (Finagle's retry budget). Counted in
 * one-second buckets.
 */
export class RetryBudget {
  private readonly windowSeconds: number;
  private readonly requests: number[];
  private readonly retries: number[];
  private currentSecond: number;

  constructor(
    private readonly options: RetryBudgetOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.windowSeconds = options.windowSeconds ?? 10;
    this.requests = new Array(this.windowSeconds).fill(0);
    this.retries = new Array(this.windowSeconds).fill(0);
    this.currentSecond = Math.floor(now() / 1000);
  }

  /** Counts a client request (not its retries). */
  recordRequest(): void {
    this.requests[this.bucket()] += 1;
  }

  /** Takes one retry from the budget if there is one left. */
  tryAcquire(): boolean {
    const bucket = this.bucket();
    const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);
    const allowed = this.options.minPerSecond * this.windowSeconds + this.options.ratio * sum(this.requests);
    if (sum(this.retries) + 1 > allowed) return false;
    this.retries[bucket] += 1;
    return true;
  }

  /** The current bucket, after clearing the ones that slid out of the window. */
  private bucket(): number {
    const second = Math.floor(this.now() / 1000);
    const elapsed = Math.min(second - this.currentSecond, this.windowSeconds);
    for (let i = 1; i <= elapsed; i++) {
      const stale = (this.currentSecond + i) % this.windowSeconds;
      this.requests[stale] = 0;
      this.retries[stale] = 0;
    }
    if (second > this.currentSecond) this.currentSecond = second;
    return this.currentSecond % this.windowSeconds;
  }
}
