import { UsersEvents } from '@platform/contracts';
import { TestQueue, waitFor } from '@platform/testing';
import { startPlatform, type Platform } from './support/platform';

describe('users events on RabbitMQ', () => {
  let platform: Platform;
  let observer: TestQueue;
  const call = (method: string, path: string, body?: unknown) => platform.asAdmin(method, `/api/v1/users${path}`, body);

  beforeAll(async () => {
    platform = await startPlatform();
    observer = await TestQueue.bind(platform.exchange, ['users.#']);
  });

  afterAll(async () => {
    await observer?.close();
    await platform?.stop();
  });

  it('publishes created, updated and deleted events, persistent, with versioned names', async () => {
    const user = (await call('POST', '', { email: 'events@example.com', name: 'Eve' })).body;
    await call('PATCH', `/${user.id}`, { email: 'eve@example.com' });
    await call('DELETE', `/${user.id}`);
    await observer.waitFor((m) => m.type === UsersEvents.UserDeleted && m.body['userId'] === user.id);
    const mine = observer.received.filter((m) => m.body['userId'] === user.id);
    expect(mine.map((m) => [m.routingKey, m.body['version']])).toEqual([
      [UsersEvents.UserCreated, 1],
      [UsersEvents.UserUpdated, 2],
      [UsersEvents.UserDeleted, 3],
    ]);
    expect(mine.every((m) => m.persistent && typeof m.messageId === 'string')).toBe(true);
    expect(mine[1].body).toMatchObject({ email: 'eve@example.com', name: 'Eve' });
    expect(JSON.stringify(mine)).not.toMatch(/password|hash/i);
  });

  it('fans out: auth receives its own copy and keeps its directory of users in step', async () => {
    const user = (await call('POST', '', { email: 'fanout@example.com', name: 'Fan' })).body;
    await call('PATCH', `/${user.id}`, { email: 'fan.out@example.com' });
    const row = await waitFor(
      async () => {
        const [found] = await platform.authDb.query<{ email: string; status: string; user_version: number }>(
          `SELECT email, status, user_version FROM user_accounts WHERE user_id = $1`,
          [user.id],
        );
        return found?.user_version === 2 && found;
      },
      10_000,
      "auth's copy of the user at version 2",
    );
    expect(row).toEqual({ email: 'fan.out@example.com', status: 'active', user_version: 2 });
    await call('DELETE', `/${user.id}`);
    await waitFor(
      async () =>
        (
          await platform.authDb.query<{ status: string }>(`SELECT status FROM user_accounts WHERE user_id = $1`, [
            user.id,
          ])
        )[0]?.status === 'deleted',
      10_000,
      'auth marks the user deleted',
    );
  });

  it('keeps every event of a burst of writes, in order per user', async () => {
    const users = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', '', { email: `burst${i}@example.com`, name: `Burst ${i}` }).then((r) => r.body),
      ),
    );
    await Promise.all(users.map((u) => call('PATCH', `/${u.id}`, { name: `${u.name} changed` })));
    await waitFor(
      () => users.every((u) => observer.received.some((m) => m.body['userId'] === u.id && m.body['version'] === 2)),
      15_000,
      'an update event for each of the 20 users',
    );
    for (const u of users) {
      expect(observer.received.filter((m) => m.body['userId'] === u.id).map((m) => m.body['version'])).toEqual([1, 2]);
    }
  });
});
