/** What the last active probe of `/health/ready` said: ready, answering but not ready, or no answer. */
export type ProbeResult = 'up' | 'not_ready' | 'unreachable';

/** How an instance looks to the balancer. */
export type InstanceState = 'healthy' | 'unhealthy' | 'ejected';

export interface OutlierOptions {
  /** Consecutive failures (connection error, timeout, 502/503/504) that eject an instance. */
  consecutiveFailures: number;
  /** First cool-down; each further ejection doubles it, up to `maxEjectionMs`. */
  baseEjectionMs: number;
  maxEjectionMs: number;
}

/**
 * One instance's health, from both sides: active probes (out of rotation while failing) and
 * passive outlier detection on real traffic (ejected for a cool-down after N consecutive
 * failures). An ejected instance comes back only through a passing probe once its cool-down is
 * over; a failing one is ejected again for twice as long. The multiplier is forgiven once the
 * instance has stayed in for a full maximum cool-down.
 */
export class InstanceHealth {
  private probe: ProbeResult | undefined;
  private failures = 0;
  private ejected = false;
  private ejectedUntil = 0;
  private ejections = 0;
  private readmittedAt = -Infinity;

  constructor(
    private readonly options: OutlierOptions,
    private readonly now: () => number = Date.now,
  ) {}

  recordSuccess(): void {
    this.failures = 0;
  }

  /** Counts a failure of a real request; true when it ejects the instance. */
  recordFailure(): boolean {
    if (this.ejected) return false;
    this.failures += 1;
    if (this.failures < this.options.consecutiveFailures) return false;
    if (this.now() - this.readmittedAt >= this.options.maxEjectionMs) this.ejections = 0;
    this.eject();
    return true;
  }

  /** Records an active probe; says whether an ejected instance came back or was ejected again. */
  recordProbe(result: ProbeResult): 'readmitted' | 'ejected' | undefined {
    this.probe = result;
    if (!this.ejected || this.now() < this.ejectedUntil) return undefined;
    if (result !== 'up') {
      this.eject();
      return 'ejected';
    }
    this.ejected = false;
    this.failures = 0;
    this.readmittedAt = this.now();
    return 'readmitted';
  }

  /** 0: in rotation; 1: not ready but answering; 2: not answering probes, not ejected; 3: ejected. */
  get rank(): number {
    if (this.ejected) return 3;
    if (this.probe === undefined || this.probe === 'up') return 0;
    return this.probe === 'not_ready' ? 1 : 2;
  }

  get state(): InstanceState {
    return this.ejected ? 'ejected' : this.rank === 0 ? 'healthy' : 'unhealthy';
  }

  get lastProbe(): ProbeResult | undefined {
    return this.probe;
  }

  /** Milliseconds until an ejected instance may be probed back in (0 when not ejected). */
  get ejectedForMs(): number {
    return this.ejected ? Math.max(0, this.ejectedUntil - this.now()) : 0;
  }

  private eject(): void {
    this.ejections += 1;
    const coolDown = Math.min(this.options.baseEjectionMs * 2 ** (this.ejections - 1), this.options.maxEjectionMs);
    this.ejected = true;
    this.ejectedUntil = this.now() + coolDown;
    this.failures = 0;
  }
}
