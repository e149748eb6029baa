import type { RefreshTokensRepository, UserAccountsRepository, UserAccountState } from '@platform/auth-data-access';
import type { AccessRevocation, AccessRevocationNotices } from '@platform/auth-feature-identity';
import type { EventSubscriber, Inbox, IncomingMessageMeta } from '@platform/util-messaging';
import type { EntityManager } from 'typeorm';
import { USER_DIRECTORY_CONSUMER, UserDirectoryConsumer } from './user-directory.consumer';

describe('UserDirectoryConsumer', () => {
  const applied: UserAccountState[] = [];
  const seen = new Set<string>();
  const roles = new Map<string, string>([
    ['u1', 'user'],
    ['u2', 'user'],
  ]);
  const accounts = {
    lockedRoleOf: async (userId: string) => roles.get(userId),
    applyIfNewer: async (state: UserAccountState) => (applied.push(state), true),
  } as unknown as UserAccountsRepository;
  const notices: AccessRevocation[] = [];
  let published = 0;
  const revocations = {
    record: async (_m: EntityManager, notice: AccessRevocation) => void notices.push(notice),
    publish: () => void (published += 1),
  } as unknown as AccessRevocationNotices;
  const inbox = {
    runOnce: async (consumer: string, id: string, work: (m: EntityManager) => Promise<void>) => {
      if (seen.has(`${consumer}/${id}`)) return false;
      seen.add(`${consumer}/${id}`);
      await work({} as EntityManager);
      return true;
    },
  } as unknown as Inbox;
  const revoked: string[] = [];
  const refreshTokens = {
    revokeAllOfUser: async (userId: string) => (revoked.push(userId), 1),
  } as unknown as RefreshTokensRepository;
  const subscriptions: { queue: string; contracts: object; retryDelaysMs?: readonly number[] }[] = [];
  const subscriber = {
    subscribe: async (s: (typeof subscriptions)[number]) => void subscriptions.push(s),
  } as unknown as EventSubscriber;
  const consumer = new UserDirectoryConsumer(subscriber, accounts, refreshTokens, inbox, revocations, {
    queue: 'auth.users-events',
    retryDelaysMs: [10],
  });
  const meta = (messageId: string): IncomingMessageMeta => ({
    messageId,
    type: 'users.user.created.v1',
    redelivered: false,
    headers: {},
  });

  beforeEach(() => {
    applied.length = 0;
    notices.length = 0;
    published = 0;
  });

  it('subscribes its own queue to every users event, with its retry delays', () => {
    consumer.onApplicationBootstrap();
    expect(subscriptions[0]).toMatchObject({ queue: 'auth.users-events', retryDelaysMs: [10] });
    expect(Object.keys(subscriptions[0].contracts)).toEqual([
      'users.user.created.v1',
      'users.user.updated.v1',
      'users.user.deleted.v1',
    ]);
  });

  it('records a snapshot as an active account with its version, once per message', async () => {
    const event = { userId: 'u1', email: 'a@b.co', name: 'A', version: 2, occurredAt: '2026-01-01T00:00:00Z' };
    await consumer.applySnapshot(event, meta('m-1'));
    await consumer.applySnapshot(event, meta('m-1'));
    expect(applied).toEqual([{ userId: 'u1', email: 'a@b.co', status: 'active', role: 'user', userVersion: 2 }]);
    expect(seen.has(`${USER_DIRECTORY_CONSUMER}/m-1`)).toBe(true);
    expect(notices).toEqual([]);
  });

  it('keeps the role a snapshot carries', async () => {
    const event = {
      userId: 'u2',
      email: 'b@b.co',
      name: 'B',
      role: 'admin' as const,
      version: 1,
      occurredAt: '2026-01-01T00:00:00Z',
    };
    await consumer.applySnapshot(event, meta('m-3'));
    expect(applied).toEqual([expect.objectContaining({ userId: 'u2', role: 'admin' })]);
  });

  it("revokes the access tokens of the user's old role when the role changed, and publishes after the commit", async () => {
    const event = {
      userId: 'u2',
      email: 'b@b.co',
      name: 'B',
      role: 'admin' as const,
      version: 4,
      occurredAt: '2026-01-01T00:00:00Z',
    };
    await consumer.applySnapshot(event, meta('m-4'));
    expect(notices).toEqual([{ userId: 'u2', reason: 'role-changed', keepRole: 'admin' }]);
    expect(published).toBe(1);
  });

  it("records a deletion without touching the e-mail or role, and ends the user's sessions", async () => {
    await consumer.applyDeletion({ userId: 'u1', version: 3, occurredAt: '2026-01-01T00:00:00Z' }, meta('m-2'));
    expect(applied).toEqual([{ userId: 'u1', email: null, status: 'deleted', role: null, userVersion: 3 }]);
    expect(revoked).toEqual(['u1']);
    expect(notices).toEqual([{ userId: 'u1', reason: 'user-deleted', allSessions: true }]);
    expect(published).toBe(1);
  });
});
