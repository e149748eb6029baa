import { UsersEvents } from '@platform/contracts';
import { DedicatedPostgres, DedicatedRabbitMq, waitFor } from '@platform/testing';
import { ParkingLot } from '@platform/util-messaging';
import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { CountingConsumer } from './support/counting-consumer';
import { startPlatform, type Platform } from './support/platform';
import { steadyWrites } from './support/steady-writes';

/**
 * Faults against a broker and a database of this suite's own (the shared ones are never
 * stopped). After each fault, every change committed in users must have reached every
 * consumer exactly once in effect: auth (its inbox and its copy of each user) and a counting
 * consumer whose effect is one row per handled message.
 */
describe('messaging under faults', () => {
  let broker: DedicatedRabbitMq;
  let postgres: DedicatedPostgres;
  let platform: Platform;
  let counter: CountingConsumer;
  let beforeCounter = new Set<string>();

  beforeAll(async () => {
    [broker, postgres] = await Promise.all([DedicatedRabbitMq.start(), DedicatedPostgres.start()]);
    platform = await startPlatform({
      rabbitMqUrl: broker.url,
      postgresAdminUrl: postgres.adminUrl,
      env: { users: { USERS_DB_POOL_SIZE: '10' }, auth: { AUTH_EVENT_RETRY_DELAYS_MS: '200,1000,5000' } },
    });
    counter = await CountingConsumer.start(broker.url, platform.exchange, postgres.adminUrl);
    // Events from before the counter was bound (the bootstrap administrator's) are auth's only.
    const earlier = await platform.usersDb.query<{ message_id: string }>(`SELECT message_id FROM outbox_messages`);
    beforeCounter = new Set(earlier.map((row) => row.message_id));
  }, 120_000);

  afterAll(async () => {
    await counter?.stop().catch(() => undefined);
    await platform?.stop().catch(() => undefined);
    await Promise.all([broker?.destroy(), postgres?.destroy()]);
  }, 60_000);

  /** Waits until users has published everything and both consumers hold exactly its events. */
  async function expectEveryEventOnceEverywhere(): Promise<number> {
    await waitFor(
      async () =>
        (await platform.usersDb.query(`SELECT 1 FROM outbox_messages WHERE published_at IS NULL LIMIT 1`)).length === 0,
      60_000,
      'the outbox to drain',
    );
    const events = new Set(
      (await platform.usersDb.query<{ message_id: string }>(`SELECT message_id FROM outbox_messages`)).map(
        (row) => row.message_id,
      ),
    );
    const counted = new Set([...events].filter((id) => !beforeCounter.has(id)));
    const effects = await waitFor(
      async () => {
        const current = new Map([...(await counter.effects())].filter(([id]) => !beforeCounter.has(id)));
        return current.size >= counted.size && current;
      },
      60_000,
      `the counting consumer to see ${counted.size} events`,
    );
    expect([...effects.keys()].filter((id) => !counted.has(id))).toEqual([]);
    expect([...counted].filter((id) => effects.get(id) !== 1)).toEqual([]);

    const authSeen = await waitFor(
      async () => {
        const rows = await platform.authDb.query<{ message_id: string }>(`SELECT message_id FROM inbox_messages`);
        return rows.length >= events.size && new Set(rows.map((row) => row.message_id));
      },
      60_000,
      `auth to apply ${events.size} events`,
    );
    expect([...events].filter((id) => !authSeen.has(id))).toEqual([]);
    const users = await platform.usersDb.query<{ id: string; email: string; version: number }>(
      `SELECT id, email, version FROM users`,
    );
    const accounts = new Map(
      (
        await platform.authDb.query<{ user_id: string; email: string; user_version: number }>(
          `SELECT user_id, email, user_version FROM user_accounts`,
        )
      ).map((row) => [row.user_id, row]),
    );
    expect(
      users.filter((u) => accounts.get(u.id)?.email !== u.email || accounts.get(u.id)?.user_version !== u.version),
    ).toEqual([]);
    return events.size;
  }

  it('loses and duplicates nothing when the broker restarts under 2,000 changes at 200/s', async () => {
    let backlogDuringOutage = 0;
    const restart = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await broker.pause();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const [{ pending }] = await platform.usersDb.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM outbox_messages WHERE published_at IS NULL`,
      );
      backlogDuringOutage = pending;
      await broker.resume();
    })();
    const writes = await steadyWrites(platform.usersUrl, 2_000, 200, await platform.adminHeaders());
    await restart;
    expect(writes.failures).toEqual({});
    expect(writes.ok).toBe(2_000);
    expect(backlogDuringOutage).toBeGreaterThan(50); // writes went on, events waited in the outbox
    expect(await expectEveryEventOnceEverywhere()).toBeGreaterThanOrEqual(2_000);
  }, 240_000);

  it('loses and duplicates nothing when a consumer is killed mid-stream', async () => {
    const crash = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      platform.processes.auth.kill('SIGKILL');
      await platform.processes.auth.waitForExit();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      platform.processes.auth = platform.startApp('auth');
    })();
    const writes = await steadyWrites(platform.usersUrl, 1_000, 200, await platform.adminHeaders());
    await crash;
    expect(writes.ok).toBe(1_000);
    await expectEveryEventOnceEverywhere();
  }, 240_000);

  it('parks malformed and always-failing messages within the retry budget while good ones flow', async () => {
    const connection = await connect(broker.url);
    const channel = await connection.createConfirmChannel();
    // Straight to auth's queue: the consumer under test, not every subscriber of the exchange.
    const send = (messageId: string, body: string) => {
      channel.sendToQueue(platform.authQueue, Buffer.from(body), {
        messageId,
        type: UsersEvents.UserCreated,
        persistent: true,
      });
      return channel.waitForConfirms();
    };
    await send('poison-malformed', '{"userId": "not json');
    // Valid for the contract, impossible for auth's database: the version overflows an integer.
    await send(
      'poison-failing',
      JSON.stringify({
        userId: randomUUID(),
        email: 'poison@example.com',
        name: 'P',
        version: 3_000_000_000,
        occurredAt: new Date().toISOString(),
      }),
    );
    await connection.close();

    const started = Date.now();
    const good = await fetch(`${platform.usersUrl}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await platform.adminHeaders()) },
      body: JSON.stringify({ email: `after-poison-${Date.now()}@example.com`, name: 'After poison' }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    await waitFor(
      async () =>
        (await platform.authDb.query(`SELECT 1 FROM user_accounts WHERE user_id = $1`, [good.id])).length === 1,
      5_000,
      'a good event to pass the poison',
    );
    expect(Date.now() - started).toBeLessThan(5_000);

    const lot = await ParkingLot.connect(broker.url);
    try {
      const parked = await waitFor(
        async () => {
          const found = await lot.peek(platform.authQueue, 10);
          return found.length >= 2 && found;
        },
        15_000,
        'both poison messages parked',
      );
      const reasons = Object.fromEntries(parked.map((m) => [m.messageId, m.reason]));
      expect(reasons['poison-malformed']).toBe('invalid payload: body is not valid JSON');
      expect(reasons['poison-failing']).toMatch(/^failed 4 times, last: .*out of range/);
    } finally {
      await lot.close();
    }
  }, 60_000);

  it('keeps the relay alive through a database restart, and loses nothing committed', async () => {
    const restart = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await postgres.pause();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await postgres.resume();
    })();
    const writes = await steadyWrites(platform.usersUrl, 800, 100, await platform.adminHeaders());
    await restart;
    // Writes while the database is down fail cleanly (503, retried by the client), never as a server error.
    const unexpected = Object.keys(writes.failures).filter((status) => status !== '503');
    if (unexpected.length > 0)
      console.log(
        JSON.stringify(writes),
        platform.processes.users.output.split('\n').filter((l) => / 500 failed/.test(l)),
      );
    expect(unexpected).toEqual([]);
    expect(writes.retries).toBeGreaterThan(0); // the outage did overlap the writes
    expect(writes.ok).toBeGreaterThan(0);
    expect(platform.processes.users.running).toBe(true);
    expect(platform.processes.auth.running).toBe(true);
    await expectEveryEventOnceEverywhere();
    const after = await fetch(`${platform.usersUrl}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await platform.adminHeaders()) },
      body: JSON.stringify({ email: `after-restart-${Date.now()}@example.com`, name: 'After restart' }),
    });
    expect(after.status).toBe(201);
  }, 240_000);
});
