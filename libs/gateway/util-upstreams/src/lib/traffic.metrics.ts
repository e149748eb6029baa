import { Inject, Injectable, Optional } from '@nestjs/common';
import { METRICS_REGISTRY, type MetricsRegistry } from '@platform/util-observability';
import { Counter, Gauge } from 'prom-client';
import type { CircuitStateName } from './upstream-breaker';
import type { ClusterEvents, UpstreamCluster } from './upstream-cluster';
import type { UpstreamInstance } from './upstream-instance';

const INSTANCE_STATES = ['healthy', 'unhealthy', 'ejected'] as const;
const CIRCUIT_STATES: CircuitStateName[] = ['closed', 'open', 'half_open', 'isolated'];

/**
 * Metrics of the balancing layer: per-instance state and in-flight requests (read at scrape
 * time), ejections, retries (sent or denied by the budget), circuit state and transitions.
 * Instances are labelled by id (`users#1`), never by address.
 */
@Injectable()
export class TrafficMetrics implements ClusterEvents {
  private clusters: readonly UpstreamCluster[] = [];
  private readonly ejections?: Counter<'upstream' | 'endpoint'>;
  private readonly retries?: Counter<'upstream' | 'result'>;
  private readonly transitions?: Counter<'upstream' | 'state'>;

  constructor(@Optional() @Inject(METRICS_REGISTRY) metrics?: MetricsRegistry) {
    if (!metrics) return;
    const registers = [metrics.registry];
    const clusters = () => this.clusters;
    new Gauge({
      name: 'gateway_upstream_endpoint_state',
      help: 'State of each upstream instance (1 for the current one): healthy, unhealthy (failing its readiness probe), ejected',
      labelNames: ['upstream', 'endpoint', 'state'],
      registers,
      collect() {
        this.reset();
        for (const cluster of clusters()) {
          for (const instance of cluster.instances) {
            for (const state of INSTANCE_STATES)
              this.set(
                { upstream: cluster.name, endpoint: instance.id, state },
                instance.health.state === state ? 1 : 0,
              );
          }
        }
      },
    });
    new Gauge({
      name: 'gateway_upstream_endpoint_in_flight',
      help: 'Requests sent to each upstream instance and not yet finished',
      labelNames: ['upstream', 'endpoint'],
      registers,
      collect() {
        this.reset();
        for (const cluster of clusters())
          for (const instance of cluster.instances)
            this.set({ upstream: cluster.name, endpoint: instance.id }, instance.pending);
      },
    });
    new Gauge({
      name: 'gateway_upstream_circuit_state',
      help: 'Circuit breaker state of each upstream (1 for the current one)',
      labelNames: ['upstream', 'state'],
      registers,
      collect() {
        this.reset();
        for (const cluster of clusters())
          for (const state of CIRCUIT_STATES)
            this.set({ upstream: cluster.name, state }, cluster.breaker.state === state ? 1 : 0);
      },
    });
    this.ejections = new Counter({
      name: 'gateway_upstream_ejections_total',
      help: 'Upstream instances ejected after consecutive failures (or a failed probe after a cool-down)',
      labelNames: ['upstream', 'endpoint'],
      registers,
    });
    this.retries = new Counter({
      name: 'gateway_upstream_retries_total',
      help: 'Retries on another instance: sent, or denied by the retry budget',
      labelNames: ['upstream', 'result'],
      registers,
    });
    this.transitions = new Counter({
      name: 'gateway_upstream_circuit_transitions_total',
      help: 'Circuit breaker state changes, by the state entered',
      labelNames: ['upstream', 'state'],
      registers,
    });
  }

  watch(clusters: readonly UpstreamCluster[]): void {
    this.clusters = clusters;
  }

  retry(upstream: string, allowed: boolean): void {
    this.retries?.inc({ upstream, result: allowed ? 'sent' : 'denied_by_budget' });
  }

  ejected(instance: UpstreamInstance): void {
    this.ejections?.inc({ upstream: instance.id.split('#')[0], endpoint: instance.id });
  }

  circuit(upstream: string, state: CircuitStateName): void {
    this.transitions?.inc({ upstream, state });
  }
}
