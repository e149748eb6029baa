import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { usersEventPayloads, UsersEvents, type UserDeletedV1Event, type UserSnapshotV1 } from '@platform/contracts';
import { UserAccountsRepository } from '@platform/auth-data-access';
import { EventSubscriber } from '@platform/util-messaging';
import { USER_DIRECTORY_OPTIONS, type UserDirectoryOptions } from './user-directory.options';

/**
 * Keeps auth's copy of users (login e-mail, deleted or not) in step with users' events, so
 * that logins use the current e-mail and a deleted user can no longer sign in.
 */
@Injectable()
export class UserDirectoryConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger('UserDirectory');

  constructor(
    private readonly subscriber: EventSubscriber,
    private readonly accounts: UserAccountsRepository,
    @Inject(USER_DIRECTORY_OPTIONS) private readonly options: UserDirectoryOptions,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the app serves (and reports not ready) while the broker is unreachable.
    void this.subscriber.subscribe({
      queue: this.options.queue,
      contracts: usersEventPayloads,
      handlers: {
        [UsersEvents.UserCreated]: (event) => this.applySnapshot(event),
        [UsersEvents.UserUpdated]: (event) => this.applySnapshot(event),
        [UsersEvents.UserDeleted]: (event) => this.applyDeletion(event),
      },
    });
  }

  async applySnapshot(event: UserSnapshotV1): Promise<void> {
    const changed = await this.accounts.applyIfNewer({ userId: event.userId, email: event.email, status: 'active', userVersion: event.version });
    this.logger.debug(`user ${event.userId} v${event.version} ${changed ? 'applied' : 'already known'}`);
  }

  async applyDeletion(event: UserDeletedV1Event): Promise<void> {
    const changed = await this.accounts.applyIfNewer({ userId: event.userId, email: null, status: 'deleted', userVersion: event.version });
    this.logger.debug(`user ${event.userId} deleted ${changed ? 'applied' : 'already known'}`);
  }
}
