import { TokenForge } from '@platform/testing-auth';
import { freePort, waitFor } from '@platform/testing';
import { expectProblem, http, type JsonResponse } from './support/http';
import { startPlatform, type Platform } from './support/platform';
import { login, registerAndLogin } from './support/sessions';

const PER_ADDRESS_ATTEMPTS = 8;
const FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
const FAILURES_PER_ACCOUNT = 12;
const EDGE_AUTH_FAILURES = 5;

/**
 * Who the platform believes a client is, and what that decides: login budgets per address, the
 * account lockout, failed tokens at the edge; and ids and paths as the client sees them.
 *
 * Every process here sees 127.0.0.1 as its peer. The platform's own gateway trusts no proxy (the
 * default): it must name the client itself, whatever the client sends. A second gateway is set
 * up as if behind a load balancer at 127.0.0.1 (GATEWAY_TRUSTED_PROXIES): there the test names
 * client addresses with X-Forwarded-For, as the balancer would.
 */
describe('identity at the edge', () => {
  let platform: Platform;
  let behindBalancer: string;
  /** Its management port: the detailed readiness (cache state) is served only there. */
  let behindBalancerManagement: string;
  let forge: TokenForge;
  /** A call through the gateway behind the balancer, from the client at `address`. */
  const via = (address: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    http(behindBalancer, method, path, body, { 'x-forwarded-for': address, ...headers });
  const from = (address: string) => ({ 'x-forwarded-for': address });

  beforeAll(async () => {
    platform = await startPlatform({
      env: {
        auth: {
          AUTH_RATE_LIMIT_PER_IP: String(PER_ADDRESS_ATTEMPTS),
          AUTH_MAX_FAILED_LOGINS: String(FAILURES_PER_ACCOUNT_AND_ADDRESS),
          AUTH_MAX_FAILED_LOGINS_PER_ACCOUNT: String(FAILURES_PER_ACCOUNT),
        },
        gateway: { GATEWAY_AUTH_FAILURE_LIMIT: `${EDGE_AUTH_FAILURES}/60s` },
      },
    });
    const port = await freePort();
    behindBalancer = `http://127.0.0.1:${port}`;
    const managementPort = String(await freePort());
    behindBalancerManagement = `http://127.0.0.1:${managementPort}`;
    await platform
      .startApp('gateway', {
        GATEWAY_PORT: String(port),
        GATEWAY_MANAGEMENT_PORT: managementPort,
        GATEWAY_TRUSTED_PROXIES: '127.0.0.1',
      })
      .waitUntilReady(`${behindBalancer}/health/ready`);
    forge = await TokenForge.open(platform.authDb, platform.keyEncryptionKey);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  describe('the forwarded client address', () => {
    // The only test that logs in through the platform's own gateway: it spends 127.0.0.1's budget.
    it("is the gateway's to set: a client's own X-Forwarded-For buys no fresh login budget", async () => {
      const attempt = (i: number) =>
        http(
          platform.gatewayUrl,
          'POST',
          '/api/v1/auth/login',
          { email: `nobody-${i}@example.com`, password: 'some password 1' },
          from(`203.0.113.${100 + i}`),
        );
      for (let i = 0; i < PER_ADDRESS_ATTEMPTS; i++) expectProblem(await attempt(i), 401);
      const limited = await attempt(PER_ADDRESS_ATTEMPTS);
      expectProblem(limited, 429);
      expect(limited.body.detail).toMatch(/your address/);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('is believed from a trusted proxy in front of the gateway, each client with its own budget', async () => {
      const attempt = (address: string, i: number) =>
        via(address, 'POST', '/api/v1/auth/login', {
          email: `someone-${address}-${i}@example.com`,
          password: 'some password 1',
        });
      for (let i = 0; i < PER_ADDRESS_ATTEMPTS; i++) expectProblem(await attempt('203.0.113.20', i), 401);
      expectProblem(await attempt('203.0.113.20', PER_ADDRESS_ATTEMPTS), 429);
      expectProblem(await attempt('203.0.113.21', 0), 401);
    });
  });

  describe('failed logins', () => {
    it('lock an account only for the address they came from: a stranger cannot lock the owner out', async () => {
      const owner = '198.51.100.10';
      const stranger = '203.0.113.66';
      const hal = await registerAndLogin(behindBalancer, 'hal', from(owner));
      for (let i = 0; i < FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
        expectProblem(
          await via(stranger, 'POST', '/api/v1/auth/login', { email: hal.email, password: `wrong password ${i}` }),
          401,
        );
      }
      const lockedOut = await via(stranger, 'POST', '/api/v1/auth/login', { email: hal.email, password: hal.password });
      expectProblem(lockedOut, 429);
      expect(Number(lockedOut.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(
        (await via(owner, 'POST', '/api/v1/auth/login', { email: hal.email, password: hal.password })).status,
      ).toBe(200);
    });

    it('from many addresses lock the account for everyone once they pass the per-account limit', async () => {
      const kim = await registerAndLogin(behindBalancer, 'kim', from('198.51.100.20'));
      const perAddress = FAILURES_PER_ACCOUNT_AND_ADDRESS - 1;
      for (let a = 0; a < FAILURES_PER_ACCOUNT / perAddress; a++) {
        for (let i = 0; i < perAddress; i++) {
          expectProblem(
            await via(`203.0.113.${70 + a}`, 'POST', '/api/v1/auth/login', {
              email: kim.email,
              password: `wrong password ${i}`,
            }),
            401,
          );
        }
      }
      const locked = await via('198.51.100.20', 'POST', '/api/v1/auth/login', {
        email: kim.email,
        password: kim.password,
      });
      expectProblem(locked, 429);
      expect(locked.body.detail).toMatch(/account/);
    });
  });

  describe('failed tokens at the edge', () => {
    it('count per address: past the limit the address gets 429 with Retry-After, others do not', async () => {
      const ann = await registerAndLogin(behindBalancer, 'ann', from('198.51.100.30'));
      const me = (address: string, token: string) =>
        via(address, 'GET', '/api/v1/users/me', undefined, { authorization: `Bearer ${token}` });
      for (let i = 0; i < EDGE_AUTH_FAILURES; i++)
        expectProblem(await me('192.0.2.50', forge.withForeignKey({ sub: ann.userId })), 401);
      const refused = await me('192.0.2.50', forge.withForeignKey({ sub: ann.userId }));
      expectProblem(refused, 429);
      expect(refused.body.type).toBe('urn:problem-type:too-many-requests');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);

      expectProblem(await me('192.0.2.51', forge.withForeignKey({ sub: ann.userId })), 401);
      expect((await me('192.0.2.51', ann.accessToken)).status).toBe(200);
    });
  });

  describe('user ids in another case', () => {
    let admin: Record<string, string>;

    beforeAll(async () => {
      admin = (await login(behindBalancer, platform.admin.email, platform.admin.password, from('198.51.100.40'))).auth;
      await waitFor(
        async () =>
          (await http(behindBalancerManagement, 'GET', '/health/ready')).body.details?.policies?.cache?.state ===
          'in use',
        15_000,
        'the cache in use',
      );
    });

    const read = (path: string, auth: Record<string, string>): Promise<JsonResponse> =>
      via('198.51.100.41', 'GET', path, undefined, auth);

    it('reach the owner: the user reads and changes their own record by the upper-case id', async () => {
      const ada = await registerAndLogin(behindBalancer, 'ada', from('198.51.100.42'));
      const upper = `/api/v1/users/${ada.userId.toUpperCase()}`;
      const mine = await read(upper, ada.auth);
      expect(mine.status).toBe(200);
      expect(mine.body.id).toBe(ada.userId);
      const patched = await via('198.51.100.42', 'PATCH', upper, { name: 'Ada Upper' }, ada.auth);
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id: ada.userId, name: 'Ada Upper' });
    });

    it.each([
      ['read in upper case, changed in lower case', (id: string) => id.toUpperCase(), (id: string) => id],
      ['read in lower case, changed in upper case', (id: string) => id, (id: string) => id.toUpperCase()],
    ])('share one cache entry and its invalidation: %s', async (_, readCase, writeCase) => {
      const bea = await registerAndLogin(behindBalancer, 'bea', from('198.51.100.43'));
      const path = `/api/v1/users/${readCase(bea.userId)}`;
      expect((await read(path, admin)).headers.get('x-cache')).toBe('MISS');
      expect((await read(path, admin)).headers.get('x-cache')).toBe('HIT');
      // The owner changes it by the other spelling, through the same gateway.
      const patched = await via(
        '198.51.100.43',
        'PATCH',
        `/api/v1/users/${writeCase(bea.userId)}`,
        { name: 'Bea Renamed' },
        bea.auth,
      );
      expect(patched.status).toBe(200);
      const after = await read(path, admin);
      expect(after.body.name).toBe('Bea Renamed');
      expect(after.headers.get('x-cache')).toBe('MISS');
    });
  });

  describe('paths the client sees', () => {
    it("registration's Location is the public path of the new user", async () => {
      const email = `loc-${Date.now()}@example.com`;
      const registered = await via('198.51.100.50', 'POST', '/api/v1/auth/register', {
        email,
        password: 'long enough password',
        name: 'Loc',
      });
      expect(registered.status).toBe(201);
      expect(registered.headers.get('location')).toBe(`/api/v1/users/${registered.body.id}`);
    });
  });
});
