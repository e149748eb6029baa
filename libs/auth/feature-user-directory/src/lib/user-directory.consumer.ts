import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RefreshTokensRepository, UserAccountsRepository, type UserAccountState } from '@platform/auth-data-access';
import { AccessRevocationNotices } from '@platform/auth-feature-identity';
import { usersEventPayloads, UsersEvents, type UserDeletedV1Event, type UserSnapshotV1 } from '@platform/contracts';
import { EventSubscriber, Inbox, type IncomingMessageMeta } from '@platform/util-messaging';
import { USER_DIRECTORY_OPTIONS, type UserDirectoryOptions } from './user-directory.options';

/** Name under which this consumer records the messages it has handled. */
export const USER_DIRECTORY_CONSUMER = 'auth.user-directory';

/**
 * Keeps auth's copy of users (login e-mail, role, deleted or not) in step with users' events, so
 * that logins use the current e-mail and a deleted user can no longer sign in. Each message
 * is applied once (inbox); events of one user also converge by version whatever their order.
 */
@Injectable()
export class UserDirectoryConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger('UserDirectory');

  constructor(
    private readonly subscriber: EventSubscriber,
    private readonly accounts: UserAccountsRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly inbox: Inbox,
    private readonly revocations: AccessRevocationNotices,
    @Inject(USER_DIRECTORY_OPTIONS) private readonly options: UserDirectoryOptions,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the app serves (and reports not ready) while the broker is unreachable.
    void this.subscriber.subscribe({
      queue: this.options.queue,
      contracts: usersEventPayloads,
      retryDelaysMs: this.options.retryDelaysMs,
      handlers: {
        [UsersEvents.UserCreated]: (event, meta) => this.applySnapshot(event, meta),
        [UsersEvents.UserUpdated]: (event, meta) => this.applySnapshot(event, meta),
        [UsersEvents.UserDeleted]: (event, meta) => this.applyDeletion(event, meta),
      },
    });
  }

  applySnapshot(event: UserSnapshotV1, meta: IncomingMessageMeta): Promise<void> {
    return this.apply(
      {
        userId: event.userId,
        email: event.email,
        status: 'active',
        role: event.role ?? 'user',
        userVersion: event.version,
      },
      meta,
    );
  }

  applyDeletion(event: UserDeletedV1Event, meta: IncomingMessageMeta): Promise<void> {
    return this.apply(
      { userId: event.userId, email: null, status: 'deleted', role: null, userVersion: event.version },
      meta,
    );
  }

  private async apply(state: UserAccountState, meta: IncomingMessageMeta): Promise<void> {
    let revoked = false;
    const firstTime = await this.inbox.runOnce(USER_DIRECTORY_CONSUMER, meta.messageId, async (manager) => {
      const previousRole = await this.accounts.lockedRoleOf(state.userId, manager);
      const changed = await this.accounts.applyIfNewer(state, manager);
      if (!changed) return;
      // A deleted user's sessions end with it, and so do its access tokens, in the same transaction.
      if (state.status === 'deleted') {
        await this.refreshTokens.revokeAllOfUser(state.userId, 'user-deleted', manager);
        await this.revocations.record(manager, { userId: state.userId, reason: 'user-deleted', allSessions: true });
        revoked = true;
      } else if (previousRole !== undefined && state.role !== null && state.role !== previousRole) {
        // The sessions go on (a refresh brings a token with the new role); tokens of the old role end.
        await this.revocations.record(manager, { userId: state.userId, reason: 'role-changed', keepRole: state.role });
        revoked = true;
      }
    });
    if (revoked) this.revocations.publish();
    this.logger.debug(
      `${meta.type} ${meta.messageId} for user ${state.userId} v${state.userVersion}: ${firstTime ? 'applied' : 'duplicate'}`,
    );
  }
}
