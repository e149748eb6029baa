import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { usersEventPayloads, UsersEvents } from '@platform/contracts';
import { EventSubscriber, instanceQueueName } from '@platform/util-messaging';
import { GATEWAY_POLICY_OPTIONS, type GatewayPolicyOptions } from '../gateway-policies.options';
import { canonicalId } from './cache-key';
import { ResponseCache } from './response-cache';

/**
 * Drops cached entries of a user when users says it changed or was deleted. With the memory
 * cache every instance needs every event, so each consumes its own instance queue; with Redis
 * the instances share the cache, so they share one durable queue (events wait there while every
 * gateway is down, and a failed invalidation is retried).
 */
@Injectable()
export class CacheInvalidationListener implements OnApplicationBootstrap {
  private readonly logger = new Logger('CacheInvalidation');

  constructor(
    private readonly subscriber: EventSubscriber,
    private readonly cache: ResponseCache,
    @Inject(GATEWAY_POLICY_OPTIONS) private readonly options: GatewayPolicyOptions,
  ) {}

  onApplicationBootstrap(): void {
    const store = this.cache.store;
    if (!store) return;
    const perInstance = store.kind === 'memory';
    const drop = (userId: string) => this.invalidate(canonicalId(userId), perInstance);
    // Not awaited: the gateway serves (bypassing the cache) while the broker is unreachable.
    void this.subscriber.subscribe({
      queue: perInstance ? instanceQueueName(this.options.cache.queue) : this.options.cache.queue,
      exclusive: perInstance,
      contracts: {
        [UsersEvents.UserUpdated]: usersEventPayloads[UsersEvents.UserUpdated],
        [UsersEvents.UserDeleted]: usersEventPayloads[UsersEvents.UserDeleted],
      },
      handlers: {
        [UsersEvents.UserUpdated]: (event) => drop(event.userId),
        [UsersEvents.UserDeleted]: (event) => drop(event.userId),
      },
      onConsuming: (consuming) => void this.cache.setConsuming(consuming),
    });
  }

  private async invalidate(userId: string, perInstance: boolean): Promise<void> {
    try {
      await this.cache.invalidate(userId);
    } catch (error) {
      // An instance queue cannot retry: emptying the cache is the safe way out. Redis: retried.
      if (!perInstance) throw error;
      this.logger.warn(`cannot drop the entries of ${userId}, emptying the cache: ${(error as Error).message}`);
      await this.cache.store?.clear();
    }
  }
}
