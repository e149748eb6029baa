import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UsersEvents } from '@platform/contracts';
import { createTestDatabase, deleteBrokerObjects, TestQueue, testRabbitMqUrl, uniqueName, type TestDatabase } from '@platform/testing';
import { usersDataSourceOptions } from '@platform/users-data-access';
import { createHttpApp } from '@platform/util-http';
import { MessagingModule } from '@platform/util-messaging';
import { openDatabase, PersistenceModule } from '@platform/util-persistence';
import { UsersFeatureModule } from './users-feature.module';

describe('users against the real PostgreSQL and RabbitMQ', () => {
  const exchange = uniqueName('it-users');
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
        UsersFeatureModule,
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
    await deleteBrokerObjects({ exchanges: [exchange] });
    await database.drop();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: object, headers: Record<string, string> = {}) =>
    app.getHttpAdapter().getInstance().inject({ method, url, payload: body, headers });

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
    expect(event).toMatchObject({ persistent: true, body: { email: 'grace@example.com', name: 'Grace Hopper', version: 1 } });
  });

  it('refuses a duplicate e-mail (any case) with 409 and leaves the stored user untouched', async () => {
    const user = await createUser('dup@example.com', 'Original');
    const response = await call('POST', '/v1/users', { email: 'DUP@example.com', name: 'Impostor' });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await database.query(`SELECT name FROM users WHERE email = 'dup@example.com'`)).toEqual([{ name: 'Original' }]);
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
    const [row] = await database.query<{ name: string; version: number }>(`SELECT name, version FROM users WHERE id = $1`, [user.id]);
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
    await events.waitFor((m) => m.type === UsersEvents.UserUpdated && m.body['userId'] === user.id && m.body['version'] === 3);
    expect(events.received.filter((m) => m.body['userId'] === user.id).map((m) => m.body['version'])).toEqual([1, 2, 3]);
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
    for (const name of ['Charlie', 'alice', 'Bob']) await createUser(`${name.toLowerCase()}-${tag}@example.com`, `${name} ${tag}`);
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
});
