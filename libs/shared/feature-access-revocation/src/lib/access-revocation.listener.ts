import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { authEventPayloads, AuthEvents, type AccessRevokedV1Event } from '@platform/contracts';
import { AccessRevocations } from '@platform/util-auth';
import { EventSubscriber, instanceQueueName } from '@platform/util-messaging';
import { ACCESS_REVOCATION_OPTIONS, type AccessRevocationOptions } from './access-revocation.options';

/**
 * Feeds this instance's deny-list with auth's revocation notices. An instance that starts after
 * a notice was published does not see it: the tokens it covers stay valid there until they
 * expire (access tokens live minutes), which is the platform's behaviour without a deny-list.
 */
@Injectable()
export class AccessRevocationListener implements OnApplicationBootstrap {
  private readonly logger = new Logger('AccessRevocation');

  constructor(
    private readonly subscriber: EventSubscriber,
    private readonly revocations: AccessRevocations,
    @Inject(ACCESS_REVOCATION_OPTIONS) private readonly options: AccessRevocationOptions,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the app serves while the broker is unreachable, and subscribes once it is back.
    void this.subscriber.subscribe({
      queue: instanceQueueName(this.options.queuePrefix),
      exclusive: true,
      contracts: authEventPayloads,
      handlers: { [AuthEvents.AccessRevoked]: (event) => this.apply(event) },
    });
  }

  private async apply(event: AccessRevokedV1Event): Promise<void> {
    this.revocations.apply(event);
    this.logger.log(
      `access of user ${event.userId} revoked (${event.reason}); deny-list holds ${this.revocations.size}`,
    );
  }
}
