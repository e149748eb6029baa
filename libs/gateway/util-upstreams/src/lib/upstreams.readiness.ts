import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { probeInstance } from './health-checker';
import type { UpstreamCluster } from './upstream-cluster';
import { Upstreams } from './upstreams';

const PROBE_TIMEOUT_MS = 1_000;

/**
 * Reports whether each upstream answers (some instance answers its liveness probe now), and
 * each instance's state as the balancer sees it, with its circuit. The gateway stays ready while
 * an upstream is down: it still answers (a fast 503 for that upstream's routes), and taking the
 * gateway out of rotation would turn one service's outage into an outage of every route.
 */
@Injectable()
export class UpstreamsReadiness {
  constructor(
    private readonly upstreams: Upstreams,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const clusters = this.upstreams.all();
    const reports = await Promise.all(clusters.map((cluster) => this.report(cluster)));
    return {
      ...this.indicators
        .check('upstreams')
        .up(Object.fromEntries(reports.map((report) => [report.name, report.up ? 'up' : 'down']))),
      ...this.indicators
        .check('upstreamInstances')
        .up(Object.fromEntries(reports.map((report) => [report.name, report.detail]))),
    };
  }

  private async report(cluster: UpstreamCluster) {
    const live = await Promise.all(
      cluster.instances.map((instance) => probeInstance(instance, PROBE_TIMEOUT_MS, '/health/live')),
    );
    const instances = cluster.instances.map((instance, i) => ({
      id: instance.id,
      state: instance.health.state,
      live: live[i] === 'up' ? 'up' : 'down',
      ready: instance.health.lastProbe ?? 'unprobed',
      inFlight: instance.pending,
    }));
    return { name: cluster.name, up: live.includes('up'), detail: { circuit: cluster.breaker.state, instances } };
  }
}
