import { Inject, Injectable, Optional } from '@nestjs/common';
import { METRICS_REGISTRY, type MetricsRegistry } from '@platform/util-observability';
import { Counter, Histogram } from 'prom-client';

/** What became of a forwarded request: the upstream's status, or why there was none. */
export type UpstreamOutcome =
  | number
  | 'unavailable'
  | 'timeout'
  | 'bad_gateway'
  | 'client_gone'
  | 'circuit_open'
  | 'no_instance';

/** Per-upstream request counts by outcome and time to the upstream's response headers. */
@Injectable()
export class UpstreamMetrics {
  private readonly requests?: Counter<'upstream' | 'outcome'>;
  private readonly duration?: Histogram<'upstream'>;

  constructor(@Optional() @Inject(METRICS_REGISTRY) metrics?: MetricsRegistry) {
    if (!metrics) return;
    this.requests = new Counter({
      name: 'gateway_upstream_requests_total',
      help: 'Requests forwarded to an upstream, by outcome (status code, unavailable, timeout, bad_gateway, circuit_open, no_instance)',
      labelNames: ['upstream', 'outcome'],
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'gateway_upstream_duration_seconds',
      help: "Time until an upstream's response headers (or its failure)",
      labelNames: ['upstream'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    });
  }

  observe(upstream: string, outcome: UpstreamOutcome, seconds: number): void {
    this.requests?.inc({ upstream, outcome: String(outcome) });
    this.duration?.observe({ upstream }, seconds);
  }
}
