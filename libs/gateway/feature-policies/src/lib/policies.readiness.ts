import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { AmqpConnection } from '@platform/util-messaging';
import { ResponseCache } from './cache/response-cache';
import { GatewayRedis } from './gateway-redis';

/**
 * Reports the broker (cache invalidation), Redis and the cache's state. Like the upstreams, they
 * never make the gateway unready: without the broker the cache is bypassed, without Redis counts
 * are kept in memory, and every route still answers.
 */
@Injectable()
export class PoliciesReadiness {
  constructor(
    private readonly connection: AmqpConnection,
    private readonly redis: GatewayRedis,
    private readonly cache: ResponseCache,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    return this.indicators.check('policies').up({
      broker: this.connection.isConnected() ? 'up' : 'down',
      redis: this.redis.status(),
      cache: this.cache.describe(),
    });
  }
}
