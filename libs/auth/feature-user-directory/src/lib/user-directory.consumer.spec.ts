import type { UserAccountsRepository, UserAccountState } from '@platform/auth-data-access';
import type { EventSubscriber } from '@platform/util-messaging';
import { UserDirectoryConsumer } from './user-directory.consumer';

describe('UserDirectoryConsumer', () => {
  const applied: UserAccountState[] = [];
  const accounts = { applyIfNewer: async (state: UserAccountState) => (applied.push(state), true) } as unknown as UserAccountsRepository;
  const subscriptions: { queue: string; contracts: object }[] = [];
  const subscriber = { subscribe: (s: { queue: string; contracts: object }) => subscriptions.push(s) } as unknown as EventSubscriber;
  const consumer = new UserDirectoryConsumer(subscriber, accounts, { queue: 'auth.users-events' });

  beforeEach(() => (applied.length = 0));

  it('subscribes its own queue to every users event', () => {
    consumer.onApplicationBootstrap();
    expect(subscriptions[0].queue).toBe('auth.users-events');
    expect(Object.keys(subscriptions[0].contracts)).toEqual(['users.user.created.v1', 'users.user.updated.v1', 'users.user.deleted.v1']);
  });

  it('records a snapshot as an active account with its version', async () => {
    await consumer.applySnapshot({ userId: 'u1', email: 'a@b.co', name: 'A', version: 2, occurredAt: '2026-01-01T00:00:00Z' });
    expect(applied).toEqual([{ userId: 'u1', email: 'a@b.co', status: 'active', userVersion: 2 }]);
  });

  it('records a deletion without touching the e-mail', async () => {
    await consumer.applyDeletion({ userId: 'u1', version: 3, occurredAt: '2026-01-01T00:00:00Z' });
    expect(applied).toEqual([{ userId: 'u1', email: null, status: 'deleted', userVersion: 3 }]);
  });
});
