import { waitFor } from '@platform/testing';
import { startPlatform, type Platform } from './support/platform';
import { expectProblem, http } from './support/http';

describe('users API through the gateway', () => {
  let platform: Platform;
  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    platform.asAdmin(method, `/api/v1/users${path}`, body, headers);

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('creates, reads, lists, replaces, patches and deletes a user', async () => {
    const created = await call('POST', '', { email: 'Ada@Example.com', name: 'Ada Lovelace' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', version: 1 });
    const id = created.body.id;
    expect(created.headers.get('location')).toBe(`/api/v1/users/${id}`);
    expect(created.headers.get('etag')).toBe('"1"');

    const read = await call('GET', `/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const listed = await call('GET', '?email=ada@example.com');
    expect(listed.body).toMatchObject({ total: 1, limit: 20, offset: 0, items: [{ id }] });

    const replaced = await call(
      'PUT',
      `/${id}`,
      { email: 'ada@lovelace.org', name: 'Augusta Ada King' },
      { 'if-match': '"1"' },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ email: 'ada@lovelace.org', name: 'Augusta Ada King', version: 2 });

    const patched = await call('PATCH', `/${id}`, { name: 'Ada King' }, { 'if-match': '"2"' });
    expect(patched.body).toMatchObject({ email: 'ada@lovelace.org', name: 'Ada King', version: 3 });

    expect((await call('DELETE', `/${id}`, undefined, { 'if-match': '"3"' })).status).toBe(204);
    expectProblem(await call('GET', `/${id}`), 404);
  });

  it('answers a body that breaks the rules with a 400 listing each field', async () => {
    const response = await call('POST', '', { email: 'not-an-email', name: '', role: 'superuser' });
    expectProblem(response, 400);
    expect(response.body.type).toBe('urn:problem-type:validation-error');
    expect(response.body.instance).toBe('/api/v1/users');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'email', in: 'body', message: 'email must be an e-mail address' },
        { field: 'name', in: 'body', message: 'name must not be blank' },
        { field: 'role', in: 'body', message: 'role must be one of user, admin' },
      ]),
    );
  });

  it('refuses server-owned fields, malformed JSON, non-object bodies and malformed ids', async () => {
    expectProblem(
      await call('POST', '', { email: 'x@example.com', name: 'X', id: 'mine', version: 9, createdAt: 'now' }),
      400,
    );
    expectProblem(await call('POST', '', '{"email": '), 400);
    expectProblem(await call('POST', '', '[1,2]'), 400);
    const badId = await call('GET', '/12345');
    expectProblem(badId, 400);
    expect(badId.body.errors).toEqual([{ field: 'id', in: 'path', message: 'id must be a UUID' }]);
  });

  it('gives 404 for an unknown user and for a path no route owns', async () => {
    expectProblem(await call('GET', '/0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55'), 404);
    expectProblem(await http(platform.gatewayUrl, 'GET', '/api/v1/nothing-here'), 404);
  });

  it('gives 409 for a taken e-mail and keeps the first user intact', async () => {
    const first = await call('POST', '', { email: 'taken@example.com', name: 'First' });
    const second = await call('POST', '', { email: 'TAKEN@example.com', name: 'Second' });
    expectProblem(second, 409);
    expect((await call('GET', `/${first.body.id}`)).body).toEqual(first.body);
    const other = await call('POST', '', { email: 'other@example.com', name: 'Other' });
    expectProblem(await call('PATCH', `/${other.body.id}`, { email: 'taken@example.com' }), 409);
    expect((await call('GET', `/${other.body.id}`)).body.email).toBe('other@example.com');
  });

  it('gives 412 for a stale If-Match and 304 for a current If-None-Match', async () => {
    const user = (await call('POST', '', { email: 'etag@example.com', name: 'Etag' })).body;
    await call('PATCH', `/${user.id}`, { name: 'Changed' }, { 'if-match': '"1"' });
    const stale = await call('PATCH', `/${user.id}`, { name: 'Lost update' }, { 'if-match': '"1"' });
    expectProblem(stale, 412);
    expect(stale.body.type).toBe('urn:problem-type:precondition-failed');
    expectProblem(await call('DELETE', `/${user.id}`, undefined, { 'if-match': '"1"' }), 412);
    expect((await call('GET', `/${user.id}`)).body.name).toBe('Changed');
    expect((await call('GET', `/${user.id}`, undefined, { 'if-none-match': '"2"' })).status).toBe(304);
  });

  it('caps pages at 100, pages with offset and sorts', async () => {
    for (let i = 0; i < 5; i++) await call('POST', '', { email: `page${i}@paging.test`, name: `Paging ${i}` });
    const tooBig = await call('GET', '?limit=101');
    expectProblem(tooBig, 400);
    expect(tooBig.body.errors[0]).toMatchObject({ field: 'limit', in: 'query' });
    expect((await call('GET', '?limit=100')).status).toBe(200);
    expectProblem(await call('GET', '?offset=-1'), 400);
    expectProblem(await call('GET', '?sort=password'), 400);
    const first = await call('GET', '?name=Paging&sort=-name&limit=2');
    expect(first.body.total).toBe(5);
    expect(first.body.items.map((u: { name: string }) => u.name)).toEqual(['Paging 4', 'Paging 3']);
    const third = await call('GET', '?name=Paging&sort=-name&limit=2&offset=4');
    expect(third.body.items.map((u: { name: string }) => u.name)).toEqual(['Paging 0']);
  });

  it('echoes the caller request id, or makes one, on every response', async () => {
    const mine = await call('GET', '', undefined, { 'x-request-id': 'trace-me-42' });
    expect(mine.headers.get('x-request-id')).toBe('trace-me-42');
    const made = await call('GET', '/not-a-uuid');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.body.requestId).toBe(made.headers.get('x-request-id'));
  });

  it('refuses bodies over the limit with 413', async () => {
    const response = await call('POST', '', { email: 'big@example.com', name: 'x'.repeat(200_000) });
    expectProblem(response, 413);
  });

  it('logs one JSON line per request in the gateway and in users, with one request id, the caller and no secrets', async () => {
    const requestId = `log-check-${Date.now()}`;
    const { authorization } = await platform.adminHeaders();
    const token = authorization.replace('Bearer ', '');
    const response = await call(
      'POST',
      '',
      { email: 'not-an-email', name: 'Log', password: 'hunter2-hunter2' },
      { 'x-request-id': requestId },
    );
    expect(response.status).toBe(400);
    const linesOf = (output: string) =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line['requestId'] === requestId);
    const gateway = await waitFor(
      () => linesOf(platform.processes.gateway.output).length === 1 && linesOf(platform.processes.gateway.output),
    );
    const users = await waitFor(
      () => linesOf(platform.processes.users.output).length === 1 && linesOf(platform.processes.users.output),
    );
    const callerId = gateway[0]['callerId'];
    expect(callerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(gateway[0]).toMatchObject({
      service: 'gateway',
      msg: 'request',
      method: 'POST',
      route: '/api/v1/users',
      status: 400,
    });
    // Guards run before validation, so even a refused body is logged with its caller.
    expect(users[0]).toMatchObject({
      service: 'users',
      msg: 'request',
      method: 'POST',
      route: '/v1/users',
      status: 400,
      callerId,
    });
    for (const output of [
      platform.processes.gateway.output,
      platform.processes.users.output,
      platform.processes.auth.output,
    ]) {
      expect(output).not.toContain(token);
      expect(output).not.toContain(platform.admin.password);
      expect(output).not.toMatch(/hunter2|\$argon2id/);
    }
  });
});
