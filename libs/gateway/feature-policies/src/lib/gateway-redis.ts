import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { GATEWAY_POLICY_OPTIONS, type GatewayPolicyOptions } from './gateway-policies.options';

/**
 * The gateway's Redis connection, when configured. Commands fail at once while it is down (no
 * offline queue): the rate limiter then counts in memory and the cache misses, so a Redis
 * outage slows nothing down.
 */
@Injectable()
export class GatewayRedis implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client?: Redis;
  private lastError?: string;

  constructor(@Inject(GATEWAY_POLICY_OPTIONS) options: GatewayPolicyOptions) {
    if (!options.redisUrl) return;
    this.client = new Redis(options.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectionName: 'gateway',
    });
    this.client.on('ready', () => {
      this.lastError = undefined;
      this.logger.log('connected');
    });
    this.client.on('error', (error: Error) => {
      if (error.message !== this.lastError)
        this.logger.warn(`unavailable, counting in memory and caching nothing: ${error.message}`);
      this.lastError = error.message;
    });
  }

  status(): string {
    return this.client?.status ?? 'not configured';
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
