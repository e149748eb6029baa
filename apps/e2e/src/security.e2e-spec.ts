import { TokenForge } from '@platform/testing-auth';
import { deleteBrokerObjects, freePort, uniqueName, waitFor, type ManagedProcess } from '@platform/testing';
import { expectProblem, http, type JsonResponse } from './support/http';
import { startPlatform, type Platform } from './support/platform';
import { login, registerAndLogin, type Session } from './support/sessions';

/** OWASP API Security Top 10 (2023), the items that apply, through the gateway. */
describe('security through the gateway', () => {
  let platform: Platform;
  let forge: TokenForge;
  let ada: Session;
  let bob: Session;
  const gw = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    http(platform.gatewayUrl, method, path, body, headers);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const everyResponse: JsonResponse[] = [];
  const seen = <T extends JsonResponse>(response: T): T => (everyResponse.push(response), response);

  beforeAll(async () => {
    platform = await startPlatform({ env: { gateway: { GATEWAY_CORS_ORIGINS: 'https://app.example.com' } } });
    [ada, bob] = await Promise.all([
      registerAndLogin(platform.gatewayUrl, 'ada'),
      registerAndLogin(platform.gatewayUrl, 'bob'),
    ]);
    forge = await TokenForge.open(platform.authDb, platform.keyEncryptionKey);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  describe('a whole session', () => {
    it('registers, logs in, uses /users/me, refreshes and logs out', async () => {
      const carol = await registerAndLogin(platform.gatewayUrl, 'carol');
      const me = seen(await gw('GET', '/api/v1/users/me', undefined, carol.auth));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: carol.userId, email: carol.email, role: 'user' });

      const refreshed = seen(await gw('POST', '/api/v1/auth/refresh', { refreshToken: carol.refreshToken }));
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 300 });
      expect(refreshed.headers.get('cache-control')).toBe('no-store');
      expect(refreshed.body.refreshToken).not.toBe(carol.refreshToken);
      expect((await gw('GET', '/api/v1/users/me', undefined, bearer(refreshed.body.accessToken))).status).toBe(200);

      expect((await gw('POST', '/api/v1/auth/logout', { refreshToken: refreshed.body.refreshToken })).status).toBe(204);
      expectProblem(await gw('POST', '/api/v1/auth/refresh', { refreshToken: refreshed.body.refreshToken }), 401);
    });

    it('detects a reused refresh token and revokes the whole family', async () => {
      const dave = await registerAndLogin(platform.gatewayUrl, 'dave');
      const first = await gw('POST', '/api/v1/auth/refresh', { refreshToken: dave.refreshToken });
      expect(first.status).toBe(200);
      // The stolen copy of the original token is presented again.
      expectProblem(await gw('POST', '/api/v1/auth/refresh', { refreshToken: dave.refreshToken }), 401);
      // Now the legitimate holder's newer token is dead too: the family is revoked.
      expectProblem(await gw('POST', '/api/v1/auth/refresh', { refreshToken: first.body.refreshToken }), 401);
      const [family] = await platform.authDb.query(
        `SELECT revoked_reason FROM refresh_token_families WHERE user_id = $1`,
        [dave.userId],
      );
      expect(family).toEqual({ revoked_reason: 'reuse-detected' });
    });

    it('changing the password ends every session and needs the current password', async () => {
      const erin = await registerAndLogin(platform.gatewayUrl, 'erin');
      const second = await login(platform.gatewayUrl, erin.email, erin.password);
      expectProblem(
        await gw(
          'POST',
          '/api/v1/auth/password',
          { currentPassword: 'wrong-password-1', newPassword: 'a new long passphrase' },
          erin.auth,
        ),
        400,
      );
      expectProblem(
        await gw('POST', '/api/v1/auth/password', { currentPassword: erin.password, newPassword: 'short' }, erin.auth),
        400,
      );
      expectProblem(
        await gw('POST', '/api/v1/auth/password', {
          currentPassword: erin.password,
          newPassword: 'a new long passphrase',
        }),
        401,
      );
      expect(
        (
          await gw(
            'POST',
            '/api/v1/auth/password',
            { currentPassword: erin.password, newPassword: 'a new long passphrase' },
            erin.auth,
          )
        ).status,
      ).toBe(204);
      for (const refreshToken of [erin.refreshToken, second.refreshToken])
        expectProblem(await gw('POST', '/api/v1/auth/refresh', { refreshToken }), 401);
      expectProblem(await gw('POST', '/api/v1/auth/login', { email: erin.email, password: erin.password }), 401);
      expect(
        (await gw('POST', '/api/v1/auth/login', { email: erin.email, password: 'a new long passphrase' })).status,
      ).toBe(200);
    });

    it('enforces the password policy on register: 12 to 128 characters', async () => {
      const short = await gw('POST', '/api/v1/auth/register', {
        email: 'short@example.com',
        password: 'elevenchars',
        name: 'S',
      });
      expectProblem(short, 400);
      expect(short.body.errors).toEqual([
        { field: 'password', in: 'body', message: 'password must be at least 12 characters' },
      ]);
      expectProblem(
        await gw('POST', '/api/v1/auth/register', { email: 'long@example.com', password: 'x'.repeat(129), name: 'L' }),
        400,
      );
    });

    it("refuses a second account with the same e-mail, keeping the first one's password", async () => {
      expectProblem(
        await gw('POST', '/api/v1/auth/register', {
          email: ada.email.toUpperCase(),
          password: 'another long password',
          name: 'Impostor',
        }),
        409,
      );
      expect((await gw('POST', '/api/v1/auth/login', { email: ada.email, password: ada.password })).status).toBe(200);
    });
  });

  describe('API2 broken authentication: every bad token is a 401 problem', () => {
    const me = (headers?: Record<string, string>) => gw('GET', '/api/v1/users/me', undefined, headers);

    it('no token, or not a bearer token', async () => {
      const missing = await me();
      expectProblem(missing, 401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="platform"');
      expectProblem(await me({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }), 401);
      const garbage = await me(bearer('not.a.jwt'));
      expectProblem(garbage, 401);
      expect(garbage.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it.each([
      [
        'expired',
        () =>
          forge.signed({
            sub: ada.userId,
            iat: Math.floor(Date.now() / 1000) - 900,
            exp: Math.floor(Date.now() / 1000) - 600,
          }),
      ],
      ['alg none', () => forge.unsigned({ sub: ada.userId })],
      ['signed by another key', () => forge.withForeignKey({ sub: ada.userId })],
      ['HS256 keyed with the public key', () => forge.hmacWithPublicKey({ sub: ada.userId })],
      ['wrong issuer', () => forge.signed({ sub: ada.userId, iss: 'https://evil.example' })],
      ['wrong audience', () => forge.signed({ sub: ada.userId, aud: 'another-api' })],
      ['another token type', () => forge.signed({ sub: ada.userId }, { typ: 'JWT' })],
      ['an unknown role', () => forge.signed({ sub: ada.userId, role: 'root' })],
      ['a refresh token', () => ada.refreshToken],
    ])('%s', async (_, token) => {
      expectProblem(await me(bearer(token())), 401);
      // The service checks too: going around the gateway gets nothing either.
      expectProblem(await http(platform.usersUrl, 'GET', '/v1/users/me', undefined, bearer(token())), 401);
    });

    it('accepts a token with every claim right, which shows the rejections above are about the claims', async () => {
      expect((await me(bearer(forge.signed({ sub: ada.userId })))).status).toBe(200);
    });

    it('a service called directly without a token answers 401 too', async () => {
      expectProblem(await http(platform.usersUrl, 'GET', `/v1/users/${ada.userId}`), 401);
      expectProblem(await http(platform.usersUrl, 'GET', '/v1/users'), 401);
    });

    it('a wrong e-mail and a wrong password get the same answer', async () => {
      const wrongEmail = await gw('POST', '/api/v1/auth/login', {
        email: 'nobody@example.com',
        password: 'whatever password',
      });
      const wrongPassword = await gw('POST', '/api/v1/auth/login', { email: bob.email, password: 'whatever password' });
      expectProblem(wrongEmail, 401);
      expect({ ...wrongEmail.body, requestId: 0 }).toEqual({ ...wrongPassword.body, requestId: 0 });
    });
  });

  describe('API1 object-level authorization', () => {
    it('user A cannot read, change or delete user B, and cannot tell B exists', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const [method, body] of [
        ['GET'],
        ['PUT', { email: 'x@example.com', name: 'X' }],
        ['PATCH', { name: 'X' }],
        ['DELETE'],
      ] as const) {
        const other = seen(await gw(method, `/api/v1/users/${bob.userId}`, body, ada.auth));
        const absent = await gw(method, `/api/v1/users/${missing}`, body, ada.auth);
        expectProblem(other, 404);
        expectProblem(absent, 404);
        expect(other.body.detail.replace(bob.userId, 'ID')).toBe(absent.body.detail.replace(missing, 'ID'));
      }
      expect((await gw('GET', `/api/v1/users/${bob.userId}`, undefined, bob.auth)).body).toMatchObject({ name: 'bob' });
    });

    it('a user reaches their own user by id as by /me', async () => {
      expect((await gw('GET', `/api/v1/users/${ada.userId}`, undefined, ada.auth)).status).toBe(200);
    });
  });

  describe('API5 function-level authorization', () => {
    it('a user gets 403 on admin operations; an admin gets through', async () => {
      expectProblem(await gw('GET', '/api/v1/users', undefined, ada.auth), 403);
      expectProblem(await gw('POST', '/api/v1/users', { email: 'new@example.com', name: 'New' }, ada.auth), 403);
      expect((await platform.asAdmin('GET', '/api/v1/users?limit=1')).status).toBe(200);
      expect((await platform.asAdmin('GET', `/api/v1/users/${ada.userId}`)).status).toBe(200);
    });
  });

  describe('API3 mass assignment', () => {
    it.each([
      { role: 'admin' },
      { id: '00000000-0000-4000-8000-000000000001' },
      { version: 99 },
      { createdAt: '2020-01-01T00:00:00Z' },
      { password: 'new password 123' },
      { passwordHash: 'x' },
    ])('refuses %j in a user body with 400 and changes nothing', async (field) => {
      const before = await gw('GET', '/api/v1/users/me', undefined, ada.auth);
      expectProblem(await gw('PATCH', '/api/v1/users/me', { name: 'Ada', ...field }, ada.auth), 400);
      const after = await gw('GET', '/api/v1/users/me', undefined, ada.auth);
      expect(after.body).toEqual(before.body);
    });

    it("an admin changes a role, and the user's next tokens carry it", async () => {
      const frank = await registerAndLogin(platform.gatewayUrl, 'frank');
      const promoted = await platform.asAdmin('PATCH', `/api/v1/users/${frank.userId}`, { role: 'admin' });
      expect(promoted.body).toMatchObject({ role: 'admin' });
      // Auth learns the role from users' event; a refresh after that issues an admin token.
      await waitFor(
        async () =>
          (await platform.authDb.query(`SELECT role FROM user_accounts WHERE user_id = $1`, [frank.userId]))[0]?.[
            'role'
          ] === 'admin',
        15_000,
        'the role change to reach auth',
      );
      const refreshed = await gw('POST', '/api/v1/auth/refresh', { refreshToken: frank.refreshToken });
      expect((await gw('GET', '/api/v1/users?limit=1', undefined, bearer(refreshed.body.accessToken))).status).toBe(
        200,
      );
    });
  });

  describe('a changed e-mail', () => {
    it('becomes the login name once auth has heard of it', async () => {
      const ivan = await registerAndLogin(platform.gatewayUrl, 'ivan');
      const newEmail = `renamed-${ivan.email}`;
      expect((await gw('PATCH', '/api/v1/users/me', { email: newEmail }, ivan.auth)).status).toBe(200);
      await waitFor(
        async () =>
          (await platform.authDb.query(`SELECT email FROM user_accounts WHERE user_id = $1`, [ivan.userId]))[0]?.[
            'email'
          ] === newEmail,
        15_000,
        'the e-mail change to reach auth',
      );
      expect((await gw('POST', '/api/v1/auth/login', { email: newEmail, password: ivan.password })).status).toBe(200);
      expectProblem(await gw('POST', '/api/v1/auth/login', { email: ivan.email, password: ivan.password }), 401);
    });
  });

  describe('a deleted user', () => {
    it('can no longer log in or refresh', async () => {
      const gina = await registerAndLogin(platform.gatewayUrl, 'gina');
      expect((await gw('DELETE', '/api/v1/users/me', undefined, gina.auth)).status).toBe(204);
      await waitFor(
        async () =>
          (await platform.authDb.query(`SELECT status FROM user_accounts WHERE user_id = $1`, [gina.userId]))[0]?.[
            'status'
          ] === 'deleted',
        15_000,
        'the deletion to reach auth',
      );
      expectProblem(await gw('POST', '/api/v1/auth/login', { email: gina.email, password: gina.password }), 401);
      expectProblem(await gw('POST', '/api/v1/auth/refresh', { refreshToken: gina.refreshToken }), 401);
    });
  });

  describe('API4 resource consumption', () => {
    it('locks an account for the address that failed repeatedly, with Retry-After, even for the right password', async () => {
      const hal = await registerAndLogin(platform.gatewayUrl, 'hal');
      for (let i = 0; i < 5; i++)
        expectProblem(
          await gw('POST', '/api/v1/auth/login', { email: hal.email, password: `wrong password ${i}` }),
          401,
        );
      const locked = await gw('POST', '/api/v1/auth/login', { email: hal.email, password: hal.password });
      expectProblem(locked, 429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('refuses bodies over 100 kB with 413', async () => {
      const big = { email: 'big@example.com', password: 'long enough password', name: 'x'.repeat(110 * 1024) };
      expectProblem(await gw('POST', '/api/v1/auth/register', big), 413);
      expectProblem(await gw('POST', '/api/v1/users', big, ada.auth), 413);
    });
  });

  describe('on a second auth instance', () => {
    // Its own exchange, which no users instance serves: registration finds nobody to ask.
    const exchange = uniqueName('e2e-lonely');
    const queue = uniqueName('e2e-auth-lonely');
    let auth: ManagedProcess;
    let authUrl: string;

    beforeAll(async () => {
      const [port, managementPort] = [await freePort(), await freePort()];
      authUrl = `http://127.0.0.1:${port}`;
      auth = platform.startApp('auth', {
        AUTH_PORT: String(port),
        AUTH_MANAGEMENT_PORT: String(managementPort),
        AUTH_RATE_LIMIT_PER_IP: '3',
        EVENTS_EXCHANGE: exchange,
        AUTH_USERS_EVENTS_QUEUE: queue,
      });
      await auth.waitUntilReady(`${authUrl}/health/ready`);
    });

    afterAll(async () => {
      await auth?.stop();
      const retries = ['1000', '5000', '30000'].map((ms) => `${queue}.retry.${ms}ms`);
      await deleteBrokerObjects({
        queues: [queue, `${queue}.parked`, ...retries],
        exchanges: [exchange, `${exchange}.dead-letter`, `${exchange}.commands`],
      });
    });

    it('limits login attempts per client address, the address taken from a trusted proxy', async () => {
      const from = (ip: string) =>
        http(
          authUrl,
          'POST',
          '/v1/auth/login',
          { email: 'someone@example.com', password: 'some password 1' },
          { 'x-forwarded-for': ip },
        );
      for (let i = 0; i < 3; i++) expectProblem(await from('203.0.113.7'), 401);
      const limited = await from('203.0.113.7');
      expectProblem(limited, 429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expectProblem(await from('203.0.113.8'), 401);
    });

    it('answers 503 at once when users is not there to create the user, and keeps no half-created user', async () => {
      const email = `lonely-${Date.now()}@example.com`;
      const started = Date.now();
      const response = await http(
        authUrl,
        'POST',
        '/v1/auth/register',
        { email, password: 'long enough password', name: 'Lonely' },
        { 'x-forwarded-for': '203.0.113.9' },
      );
      expectProblem(response, 503);
      // Returned by the broker as unroutable, well before the 5 s reply timeout.
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await platform.usersDb.query(`SELECT 1 FROM users WHERE email = $1`, [email])).toEqual([]);
      expectProblem(await gw('POST', '/api/v1/auth/login', { email, password: 'long enough password' }), 401);
    });
  });

  describe('API8 security misconfiguration', () => {
    it('sends security headers and no x-powered-by, on proxied and own routes', async () => {
      for (const response of [
        await gw('GET', '/api/v1/users/me', undefined, ada.auth),
        await gw('GET', '/health/live'),
      ]) {
        expect(response.headers.get('x-powered-by')).toBeNull();
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
        expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      }
    });

    it('allows CORS only from the configured origins', async () => {
      const preflight = (origin: string) =>
        fetch(`${platform.gatewayUrl}/api/v1/users/me`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization',
          },
        });
      const allowed = await preflight('https://app.example.com');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('publishes only public key material in the JWKS', async () => {
      const jwks = await gw('GET', '/api/v1/auth/.well-known/jwks.json');
      expect(jwks.status).toBe(200);
      expect(jwks.body.keys.length).toBeGreaterThan(0);
      for (const key of jwks.body.keys) {
        expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) });
        expect(key.d).toBeUndefined();
      }
    });
  });

  describe('API3 excessive data exposure', () => {
    it('no response so far carried a password, a hash or a stack trace', () => {
      expect(everyResponse.length).toBeGreaterThan(5);
      for (const response of everyResponse) {
        expect(response.text).not.toMatch(/\$argon2|password|passwordHash|\n\s+at /i);
        for (const session of [ada, bob]) expect(response.text).not.toContain(session.password);
      }
    });

    it('the stored credential is an argon2id hash at OWASP parameters or stronger', async () => {
      const [row] = await platform.authDb.query<{ password_hash: string }>(
        `SELECT password_hash FROM credentials WHERE user_id = $1`,
        [ada.userId],
      );
      const parameters = row.password_hash.split('$')[3];
      expect(row.password_hash.split('$').slice(0, 3)).toEqual(['', 'argon2id', 'v=19']);
      const { m, t, p } = Object.fromEntries(parameters.split(',').map((pair) => pair.split('=')));
      expect([Number(m) >= 19_456, Number(t) >= 2, Number(p) >= 1]).toEqual([true, true, true]);
    });
  });
});
