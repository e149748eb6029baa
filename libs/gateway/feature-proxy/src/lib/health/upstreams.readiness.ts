import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { UpstreamPools } from '../proxy/upstream-pools';
import { UPSTREAMS, type UpstreamName } from '../routing/route-table';

const PROBE_TIMEOUT_MS = 1_000;

/**
 * Reports whether each upstream answers its liveness probe. The gateway stays ready while an
 * upstream is down: it still answers (a fast 503 for that upstream's routes), and taking the
 * gateway out of rotation would turn one service's outage into an outage of every route.
 */
@Injectable()
export class UpstreamsReadiness {
  constructor(
    private readonly pools: UpstreamPools,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const states = await Promise.all(UPSTREAMS.map(async (name) => [name, await this.probe(name)] as const));
    return this.indicators.check('upstreams').up(Object.fromEntries(states));
  }

  private async probe(name: UpstreamName): Promise<'up' | 'down'> {
    try {
      const response = await this.pools.get(name).request({
        method: 'GET',
        path: '/health/live',
        headersTimeout: PROBE_TIMEOUT_MS,
        bodyTimeout: PROBE_TIMEOUT_MS,
      });
      await response.body.dump();
      return response.statusCode === 200 ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
