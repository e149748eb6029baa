import type { ProbeResult } from './instance-health';
import type { UpstreamInstance } from './upstream-instance';

export interface HealthCheckOptions {
  intervalMs: number;
  timeoutMs: number;
}

/** Path every service answers 200 on when it can serve (database and broker up). */
export const READINESS_PATH = '/health/ready';

/** One probe of an instance's readiness over its own probe connection. */
export async function probeInstance(
  instance: UpstreamInstance,
  timeoutMs: number,
  path = READINESS_PATH,
): Promise<ProbeResult> {
  try {
    const response = await instance.probeClient.request({
      method: 'GET',
      path,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await response.body.dump();
    return response.statusCode === 200 ? 'up' : 'not_ready';
  } catch {
    return 'unreachable';
  }
}

/**
 * Active health checks: probes every instance's readiness on an interval, taking a failing
 * instance out of rotation until it passes again, and letting an ejected one back in once its
 * cool-down is over and it passes. One probe per instance at a time.
 */
export class HealthChecker {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<UpstreamInstance>();

  constructor(
    private readonly instances: readonly UpstreamInstance[],
    private readonly options: HealthCheckOptions,
    /** Called when an instance's state or probe result changes, with `from`/`to` as `state/probe`. */
    private readonly onChange: (
      instance: UpstreamInstance,
      from: string,
      to: string,
      change: 'readmitted' | 'ejected' | undefined,
    ) => void,
  ) {}

  start(): void {
    void this.checkAll();
    this.timer = setInterval(() => void this.checkAll(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  checkAll(): Promise<void[]> {
    return Promise.all(this.instances.map((instance) => this.check(instance)));
  }

  private async check(instance: UpstreamInstance): Promise<void> {
    if (this.running.has(instance)) return;
    this.running.add(instance);
    try {
      const before = `${instance.health.state}/${instance.health.lastProbe ?? 'unprobed'}`;
      const result = await probeInstance(instance, this.options.timeoutMs);
      const change = instance.health.recordProbe(result);
      const after = `${instance.health.state}/${result}`;
      if (after !== before || change) this.onChange(instance, before, after, change);
    } finally {
      this.running.delete(instance);
    }
  }
}
