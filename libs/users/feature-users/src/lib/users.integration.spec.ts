import { TestAccessTokens } from '@platform/testing-auth';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UsersCommands, UsersEvents, type UserDto } from '@platform/contracts';
import {
  createTestDatabase,
  deleteBrokerObjects,
  TestQueue,
  testRabbitMqUrl,
  uniqueName,
  type TestDatabase,
} from '@platform/testing';
import { BearerAuthModule } from '@platform/util-auth';
import { usersDataSourceOptions } from '@platform/users-data-access';
import { createHttpApp } from '@platform/util-http';
import { CommandClient, MessagingModule } from '@platform/util-messaging';
import type { ProblemException } from '@platform/util-http';
import { randomUUID } from 'node:crypto';
import { openDatabase, PersistenceModule } from '@platform/util-persistence';
import { UsersFeatureModule } from './users-feature.module';

describe('users against the real PostgreSQL and RabbitMQ', () => {
  const exchange = uniqueName('it-users');
  const commandsQueue = uniqueName('it-users-commands');
  const tokens = new TestAccessTokens();
  const admin = tokens.header(randomUUID(), 'admin');
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let events: TestQueue;

  beforeAll(async () => {
    database = await createTestDatabase('it_users');
    events = await TestQueue.bind(exchange, ['users.#']);
    @Module({
      imports: [
        PersistenceModule.forRoot(await openDatabase(usersDataSourceOptions(database.url, 5))),
        MessagingModule.forRoot({ useFactory: () => ({ url: testRabbitMqUrl(), exchange, serviceName: 'users-it' }) }),
        BearerAuthModule.forRoot({ policy: tokens.policy, keys: tokens }),
        UsersFeatureModule.forRoot({ commandsQueue }),
      ],
    })
    class UsersItModule {}
    app = await createHttpApp(UsersItModule, { service: 'users-it', logLevel: 'warn', logFormat: 'json' });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await events.close();
    await deleteBrokerObjects({ queues: [commandsQueue], exchanges: [exchange, `${exchange}.commands`] });
    await database.drop();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: object,
    headers: Record<string, string> = {},
  ) =>
    app
      .getHttpAdapter()
      .getInstance()
      .inject({ method, url, payload: body, headers: { ...admin, ...headers } });

  const createUser = async (email: string, name = 'Someone') => {
    const response = await call('POST', '/v1/users', { email, name });
    expect(response.statusCode).toBe(201);
    return response.json();
  };

  it('creates a user, stores it and publishes users.user.created.v1 with its snapshot', async () => {
    const user = await createUser('Grace@Example.com', 'Grace Hopper');
    expect(user).toMatchObject({ email: 'grace@example.com', name: 'Grace Hopper', version: 1 });
    const [row] = await database.query(`SELECT email, version FROM users WHERE id = $1`, [user.id]);
    expect(row).toEqual({ email: 'grace@example.com', version: 1 });
    const event = await events.waitFor((m) => m.type === UsersEvents.UserCreated && m.body['userId'] === user.id);
    expect(event).toMatchObject({
      persistent: true,
      body: { email: 'grace@example.com', name: 'Grace Hopper', version: 1 },
    });
  });

  it('refuses a duplicate e-mail (any case) with 409 and leaves the stored user untouched', async () => {
    const user = await createUser('dup@example.com', 'Original');
    const response = await call('POST', '/v1/users', { email: 'DUP@example.com', name: 'Impostor' });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await database.query(`SELECT name FROM users WHERE email = 'dup@example.com'`)).toEqual([
      { name: 'Original' },
    ]);
    expect((await call('GET', `/v1/users/${user.id}`)).json().name).toBe('Original');
  });

  it('lets exactly one of two concurrent writes with the same If-Match win', async () => {
    const user = await createUser('race@example.com');
    const [a, b] = await Promise.all([
      call('PATCH', `/v1/users/${user.id}`, { name: 'Writer A' }, { 'if-match': '"1"' }),
      call('PATCH', `/v1/users/${user.id}`, { name: 'Writer B' }, { 'if-match': '"1"' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    const winner = a.statusCode === 200 ? a.json() : b.json();
    expect(winner.version).toBe(2);
    const [row] = await database.query<{ name: string; version: number }>(
      `SELECT name, version FROM users WHERE id = $1`,
      [user.id],
    );
    expect(row).toEqual({ name: winner.name, version: 2 });
  });

  it('PUT replaces, PATCH changes only what is given, and a no-op write keeps the version', async () => {
    const user = await createUser('put@example.com', 'Before');
    const replaced = await call('PUT', `/v1/users/${user.id}`, { email: 'put2@example.com', name: 'After' });
    expect(replaced.json()).toMatchObject({ email: 'put2@example.com', name: 'After', version: 2 });
    expect(replaced.headers['etag']).toBe('"2"');
    const patched = await call('PATCH', `/v1/users/${user.id}`, { name: 'Patched' });
    expect(patched.json()).toMatchObject({ email: 'put2@example.com', name: 'Patched', version: 3 });
    const same = await call('PATCH', `/v1/users/${user.id}`, { name: 'Patched' });
    expect(same.json().version).toBe(3);
    await events.waitFor(
      (m) => m.type === UsersEvents.UserUpdated && m.body['userId'] === user.id && m.body['version'] === 3,
    );
    expect(events.received.filter((m) => m.body['userId'] === user.id).map((m) => m.body['version'])).toEqual([
      1, 2, 3,
    ]);
  });

  it('deletes with If-Match, publishes users.user.deleted.v1 and then answers 404', async () => {
    const user = await createUser('gone@example.com');
    expect((await call('DELETE', `/v1/users/${user.id}`, undefined, { 'if-match': '"7"' })).statusCode).toBe(412);
    expect((await call('DELETE', `/v1/users/${user.id}`, undefined, { 'if-match': '"1"' })).statusCode).toBe(204);
    expect((await call('GET', `/v1/users/${user.id}`)).statusCode).toBe(404);
    const event = await events.waitFor((m) => m.type === UsersEvents.UserDeleted && m.body['userId'] === user.id);
    expect(event.body['version']).toBe(2);
  });

  it('lists with filters, sorting and pagination', async () => {
    const tag = uniqueName('page').replace(/_/g, '');
    for (const name of ['Charlie', 'alice', 'Bob'])
      await createUser(`${name.toLowerCase()}-${tag}@example.com`, `${name} ${tag}`);
    const page = (await call('GET', `/v1/users?name=${tag}&sort=name&limit=2`)).json();
    expect(page.total).toBe(3);
    expect(page.items.map((u: { name: string }) => u.name.split(' ')[0])).toEqual(['alice', 'Bob']);
    const next = (await call('GET', `/v1/users?name=${tag}&sort=name&limit=2&offset=2`)).json();
    expect(next.items.map((u: { name: string }) => u.name.split(' ')[0])).toEqual(['Charlie']);
    const byEmail = (await call('GET', `/v1/users?email=BOB-${tag}@EXAMPLE.COM`)).json();
    expect(byEmail.items).toHaveLength(1);
    const wildcard = (await call('GET', `/v1/users?name=%25`)).json();
    expect(wildcard.total).toBe(0);
  });

  describe('the create-user command (auth registration)', () => {
    const create = (command: object) =>
      app.get(CommandClient).request<UserDto>(UsersCommands.CreateUser, command, 5_000);

    it('creates the user with the id auth chose, and answers a redelivery with the same user', async () => {
      const userId = randomUUID();
      const command = { userId, email: 'registered@example.com', name: 'Registered', role: 'user' };
      const first = await create(command);
      expect(first).toMatchObject({ id: userId, email: 'registered@example.com', role: 'user', version: 1 });
      expect(await create(command)).toEqual(first);
      expect(await database.query(`SELECT count(*)::int AS n FROM users WHERE id = $1`, [userId])).toEqual([{ n: 1 }]);
      await events.waitFor((m) => m.type === UsersEvents.UserCreated && m.body['userId'] === userId);
      expect(events.received.filter((m) => m.body['userId'] === userId)).toHaveLength(1);
    });

    it('answers 409 for an e-mail another user has, and 400 for an invalid command', async () => {
      await create({ userId: randomUUID(), email: 'taken@example.com', name: 'First', role: 'user' });
      const conflict = await create({
        userId: randomUUID(),
        email: 'taken@example.com',
        name: 'Second',
        role: 'user',
      }).catch((e: ProblemException) => e.problem);
      expect(conflict).toMatchObject({ status: 409 });
      const invalid = await create({ userId: 'nope', email: 'x@example.com', name: 'X', role: 'root' }).catch(
        (e: ProblemException) => e.problem,
      );
      expect(invalid).toMatchObject({ status: 400 });
    });
  });

  describe('who may do what', () => {
    const as = (userId: string, role: 'user' | 'admin') => tokens.header(userId, role);

    it('refuses a request without a valid token with 401', async () => {
      const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/v1/users/me' });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="platform"');
    });

    it('serves /me to the caller and hides other users behind a 404', async () => {
      const mine = await createUser('me@example.com', 'Me');
      const other = await createUser('other@example.com', 'Other');
      const me = await call('GET', '/v1/users/me', undefined, as(mine.id, 'user'));
      expect(me.json()).toMatchObject({ id: mine.id, name: 'Me' });
      expect((await call('GET', `/v1/users/${other.id}`, undefined, as(mine.id, 'user'))).statusCode).toBe(404);
      expect((await call('PATCH', '/v1/users/me', { name: 'Renamed' }, as(mine.id, 'user'))).json()).toMatchObject({
        name: 'Renamed',
        version: 2,
      });
    });

    it('keeps listing and creating to admins, and roles to admins', async () => {
      const user = await createUser('plain@example.com', 'Plain');
      expect((await call('GET', '/v1/users', undefined, as(user.id, 'user'))).statusCode).toBe(403);
      expect(
        (await call('POST', '/v1/users', { email: 'x2@example.com', name: 'X' }, as(user.id, 'user'))).statusCode,
      ).toBe(403);
      const selfPromotion = await call('PATCH', '/v1/users/me', { role: 'admin' }, as(user.id, 'user'));
      expect(selfPromotion.statusCode).toBe(400);
      expect(selfPromotion.json().errors).toEqual([
        { field: 'role', in: 'body', message: 'role can only be set by an administrator' },
      ]);
      expect((await call('PATCH', `/v1/users/${user.id}`, { role: 'admin' })).json()).toMatchObject({ role: 'admin' });
      const event = await events.waitFor((m) => m.type === UsersEvents.UserUpdated && m.body['userId'] === user.id);
      expect(event.body['role']).toBe('admin');
    });
  });
});
