import { freePort, ManagedProcess, parsePrometheusText, sampleValue, waitFor } from '@platform/testing';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { startPlatform, type Platform } from './support/platform';
import { expectProblem, http } from './support/http';

describe('when parts fail', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('answers 503 at once while users is down, and serves again once it is back', async () => {
    const user = (await platform.asAdmin('POST', '/api/v1/users', { email: 'survivor@example.com', name: 'Survivor' }))
      .body;
    await platform.processes.users.stop();
    const started = Date.now();
    const down = await platform.asAdmin('GET', `/api/v1/users/${user.id}`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expectProblem(down, 503);
    expect(down.body).toMatchObject({
      type: 'urn:problem-type:upstream-unavailable',
      instance: `/api/v1/users/${user.id}`,
    });
    expect(down.text).not.toContain('127.0.0.1');
    const ready = await http(platform.managementUrls.gateway, 'GET', '/health/ready');
    expect(ready.body.details.upstreams.users).toBe('down');

    const restarted = platform.startApp('users');
    await restarted.waitUntilReady(`${platform.usersUrl}/health/ready`);
    const back = await platform.asAdmin('GET', `/api/v1/users/${user.id}`);
    expect(back.status).toBe(200);
    expect(back.body.email).toBe('survivor@example.com');
  });

  describe('an upstream that accepts connections but never answers', () => {
    let blackHole: Server;
    const sockets: Socket[] = [];
    const received = new Map<Socket, string>();
    let gateway: ManagedProcess;
    let gatewayUrl: string;
    let managementUrl: string;

    beforeAll(async () => {
      blackHole = createServer((socket) => {
        sockets.push(socket);
        socket.on('data', (chunk) => received.set(socket, (received.get(socket) ?? '') + chunk.toString('latin1')));
        socket.on('end', () => socket.destroy());
      });
      const holePort = await freePort();
      await new Promise<void>((resolve) => blackHole.listen(holePort, '127.0.0.1', resolve));
      const [port, managementPort] = [await freePort(), await freePort()];
      gatewayUrl = `http://127.0.0.1:${port}`;
      managementUrl = `http://127.0.0.1:${managementPort}`;
      gateway = platform.startApp('gateway', {
        GATEWAY_PORT: String(port),
        GATEWAY_MANAGEMENT_PORT: String(managementPort),
        GATEWAY_AUTH_URL: `http://127.0.0.1:${holePort}`,
        GATEWAY_UPSTREAM_TIMEOUT_MS: '1000',
      });
      await gateway.waitUntilReady(`${gatewayUrl}/health/live`);
    });

    afterAll(async () => {
      await gateway?.stop();
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => blackHole.close(resolve));
    });

    it('gets a 504 within the configured timeout, not a hang', async () => {
      const started = Date.now();
      const response = await http(gatewayUrl, 'GET', '/api/v1/auth/anything');
      const elapsed = Date.now() - started;
      expectProblem(response, 504);
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(3_000);
    });

    it('aborts the upstream request when the client goes away, instead of letting it run', async () => {
      const client = new AbortController();
      const request = fetch(`${gatewayUrl}/api/v1/auth/slow`, { signal: client.signal }).catch(
        (error: unknown) => error,
      );
      // The connection that carries this request (health probes have their own).
      const upstream = await waitFor(
        () => sockets.find((socket) => received.get(socket)?.includes('/v1/auth/slow')),
        2_000,
        'the request to reach the upstream',
      );
      client.abort();
      expect(await request).toMatchObject({ name: 'AbortError' });
      // Closed at once, well before the 1 s upstream timeout would have ended it.
      await waitFor(
        () => upstream.destroyed || upstream.readyState === 'closed',
        500,
        'the upstream connection to be closed',
      );
      const samples = parsePrometheusText(await (await fetch(`${managementUrl}/metrics`)).text()).samples;
      expect(sampleValue(samples, 'gateway_upstream_requests_total{', 'upstream="auth"', 'outcome="client_gone"')).toBe(
        1,
      );
    });
  });

  it('keeps accepting writes while its broker is unreachable, says it is not ready, and loses no event', async () => {
    const [port, managementPort] = [await freePort(), await freePort()];
    const users = platform.startApp('users', {
      USERS_PORT: String(port),
      USERS_MANAGEMENT_PORT: String(managementPort),
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:1',
    });
    try {
      await users.waitUntilReady(`http://127.0.0.1:${port}/health/live`);
      // The public port says only that it is not ready; its management port says why.
      const ready = await http(`http://127.0.0.1:${port}`, 'GET', '/health/ready');
      expectProblem(ready, 503);
      expect(ready.body).toMatchObject({ type: 'urn:problem-type:not-ready', detail: 'Not ready' });
      expect(ready.body).not.toHaveProperty('checks');
      const why = await http(`http://127.0.0.1:${managementPort}`, 'GET', '/health/ready');
      expectProblem(why, 503);
      expect(why.body).toMatchObject({ type: 'urn:problem-type:not-ready', detail: 'Not ready: broker down' });
      expect(why.body.checks).toMatchObject({ database: { status: 'up' }, broker: { status: 'down' } });
      const created = await platform.asAdmin(
        'POST',
        '/v1/users',
        { email: 'offline@example.com', name: 'Offline' },
        {},
        `http://127.0.0.1:${port}`,
      );
      expect(created.status).toBe(201);
      const recorded = await platform.usersDb.query<{ type: string }>(
        `SELECT type FROM outbox_messages WHERE aggregate_id = $1`,
        [created.body.id],
      );
      expect(recorded).toEqual([{ type: 'users.user.created.v1' }]);
      // The platform's own users instance shares the outbox and publishes it; auth applies it.
      await waitFor(
        async () =>
          (await platform.authDb.query(`SELECT 1 FROM user_accounts WHERE user_id = $1`, [created.body.id])).length ===
          1,
        15_000,
        'the event of the offline write to reach auth',
      );
    } finally {
      await users.stop();
    }
    // Its management server went with it.
    await expect(fetch(`http://127.0.0.1:${managementPort}/health/live`)).rejects.toThrow();
  });

  it('refuses to start when its management port is taken, naming the address in one line', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port: takenPort } = taken.address() as { port: number };
    try {
      const users = platform.startApp('users', {
        USERS_PORT: String(await freePort()),
        USERS_MANAGEMENT_PORT: String(takenPort),
        LOG_LEVEL: 'error',
      });
      expect(await users.waitForExit(20_000)).toBe(1);
      expect(users.output).toContain(
        `[users] failed to start: the management server cannot listen on 127.0.0.1:${takenPort}: listen EADDRINUSE`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('refuses to start with a malformed setting, naming it in one line', async () => {
    const users = ManagedProcess.start(
      'users',
      process.execPath,
      [join(__dirname, '../../../dist/apps/users/main.js')],
      {
        USERS_PORT: 'not-a-port',
        USERS_DATABASE_URL: 'mysql://localhost/users',
      },
    );
    expect(await users.waitForExit()).toBe(1);
    const lines = users.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('USERS_PORT must be an integer from 1 to 65535 (got "not-a-port")');
    expect(lines[0]).toContain('USERS_DATABASE_URL must use postgres: or postgresql:');
  });

  it('refuses to start when its database is unreachable, saying so in one line', async () => {
    const users = ManagedProcess.start(
      'users',
      process.execPath,
      [join(__dirname, '../../../dist/apps/users/main.js')],
      {
        USERS_PORT: String(await freePort()),
        USERS_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/users',
        LOG_LEVEL: 'error',
      },
    );
    expect(await users.waitForExit(20_000)).toBe(1);
    expect(users.output.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^\[users\] failed to start: cannot connect to PostgreSQL \(127\.0\.0\.1:1\/users\): .*ECONNREFUSED/,
      ),
    ]);
  });
});
