import { TokenForge } from '@platform/testing-auth';
import { waitFor } from '@platform/testing';
import { expectProblem, http } from './support/http';
import { startPlatform, type Platform } from './support/platform';
import { rawRequest, requestHead } from './support/raw-http';
import { login, registerAndLogin, type Session } from './support/sessions';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const CHALLENGE = 'Bearer realm="platform", error="invalid_token"';

/**
 * What a hostile client tried against the gateway, and what must hold: a clear 4xx problem,
 * never a 5xx, and no harm to anyone else (an upstream's health is the upstream's own).
 */
describe('hostile clients', () => {
  let platform: Platform;
  let forge: TokenForge;
  let ada: Session;
  const gw = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    http(platform.gatewayUrl, method, path, body, headers);

  beforeAll(async () => {
    // Low thresholds, so that a handful of requests counted against auth would eject it.
    platform = await startPlatform({
      env: { gateway: { GATEWAY_EJECTION_CONSECUTIVE_FAILURES: '3', GATEWAY_BREAKER_CONSECUTIVE_FAILURES: '5' } },
    });
    // The gateway's first probes may run before a service listens: start from every instance in service.
    await waitFor(async () => (await inService()) || undefined, 15_000, 'every upstream instance in service');
    ada = await registerAndLogin(platform.gatewayUrl, 'ada');
    forge = await TokenForge.open(platform.authDb, platform.keyEncryptionKey);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  async function inService(): Promise<boolean> {
    const ready = await http(platform.managementUrls.gateway, 'GET', '/health/ready');
    return ['users', 'auth'].every((upstream) =>
      ready.body?.details?.upstreamInstances?.[upstream]?.instances.every(
        (instance: { state: string }) => instance.state === 'healthy',
      ),
    );
  }

  /** As the gateway's balancer sees it (management port): circuits closed, no instance ejected. */
  async function expectEveryUpstreamInService(): Promise<void> {
    const ready = await http(platform.managementUrls.gateway, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    for (const upstream of ['users', 'auth']) {
      const { circuit, instances } = ready.body.details.upstreamInstances[upstream];
      expect(circuit).toBe('closed');
      for (const instance of instances) expect(instance.state).toBe('healthy');
    }
  }

  describe('requests the gateway cannot forward as sent', () => {
    it('Expect: 100-continue gets an answer, and a flood of them leaves auth in service for everyone', async () => {
      const body = JSON.stringify({ email: ada.email, password: ada.password });
      const expecting = requestHead('POST', '/api/v1/auth/login', [
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
        'Expect: 100-continue',
      ]);
      const answers = [];
      for (let i = 0; i < 30; i++) answers.push(await rawRequest(platform.gatewayUrl, expecting, body));
      for (const answer of answers) expect(answer.status).toBeLessThan(500);
      expect(answers[0].status).toBe(200);
      for (let i = 0; i < 5; i++)
        expect((await gw('POST', '/api/v1/auth/login', { email: ada.email, password: ada.password })).status).toBe(200);
      await expectEveryUpstreamInService();
    });
  });

  describe('request heads no client library would send', () => {
    const cases: Array<[string, string, string[], string?]> = [
      ['absolute-form target', 'GET http://127.0.0.1/api/v1/users/me', []],
      ['absolute-form target of another host', 'GET http://evil.example/api/v1/users/me', []],
      ['dot segments', 'GET /api/v1/users/../auth/.well-known/jwks.json', []],
      ['encoded dot segments', 'GET /api/v1/users/%2e%2e/%2e%2e/health/ready', []],
      ['encoded slash', 'GET /api/v1/users/me%2f..%2f..', []],
      ['an invalid percent-encoding', 'GET /api/v1/users/%zz', []],
      ['a NUL in the path', 'GET /api/v1/users/%00', []],
      ['an asterisk-form target', 'OPTIONS *', []],
      ['a very long path', `GET /api/v1/users/${'a'.repeat(6000)}`, []],
      [
        'a query with repeated, huge and odd parameters',
        `GET /api/v1/users?limit=1&limit=2&offset=-1&sort=${'x'.repeat(3000)}&%zz=1`,
        [],
      ],
      [
        'Transfer-Encoding and Content-Length together',
        'POST /api/v1/auth/login',
        ['Content-Type: application/json', 'Content-Length: 2', 'Transfer-Encoding: chunked'],
        '0\r\n\r\n',
      ],
      [
        'Transfer-Encoding that is not chunked',
        'POST /api/v1/auth/login',
        ['Content-Type: application/json', 'Transfer-Encoding: gzip'],
        '{}',
      ],
      [
        'two Content-Length headers that disagree',
        'POST /api/v1/auth/login',
        ['Content-Type: application/json', 'Content-Length: 2', 'Content-Length: 3'],
        '{}',
      ],
      [
        'duplicated Authorization headers',
        'GET /api/v1/users/me',
        ['Authorization: Bearer a', 'Authorization: Bearer b'],
      ],
      ['duplicated Host headers', 'GET /api/v1/users/me', ['Host: evil.example']],
      [
        'hop-by-hop headers and Upgrade',
        'GET /api/v1/users/me',
        [
          'Connection: Upgrade, Keep-Alive, X-Request-Id',
          'Upgrade: websocket',
          'Keep-Alive: timeout=5',
          'TE: trailers',
          'Proxy-Authorization: x',
        ],
      ],
      ['a header of 30 kB', 'GET /api/v1/users/me', [`X-Big: ${'b'.repeat(30_000)}`]],
      ['obsolete line folding', 'GET /api/v1/users/me', ['X-Folded: a', ' b']],
      ['a header name with a space', 'GET /api/v1/users/me', ['Bad Header: x']],
      ['non-ASCII bytes in a header value', 'GET /api/v1/users/me', ['X-Name: caf\xe9 \xff']],
      ['an unknown method', 'BREW /api/v1/users/me', []],
      ['a lower-case method', 'get /api/v1/users/me', []],
      ['HTTP/1.0 without Host', 'GET /api/v1/users/me', []],
    ];

    it.each(cases)(
      '%s: a 4xx (or an answer without a body), never a 5xx, never a hang',
      async (_name, line, headers, body = '') => {
        const head =
          line.startsWith('GET /api/v1/users/me') && _name.startsWith('HTTP/1.0')
            ? `${line} HTTP/1.0\r\nConnection: close`
            : requestHead(line.split(' ')[0], line.slice(line.indexOf(' ') + 1), headers);
        const answer = await rawRequest(platform.gatewayUrl, head, body);
        expect(answer.status).toBeGreaterThan(0);
        expect(answer.status).toBeLessThan(500);
        expect(answer.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
      },
    );

    it('after all of them, every upstream is still in service', async () => {
      expect((await gw('POST', '/api/v1/auth/login', { email: ada.email, password: ada.password })).status).toBe(200);
      expect((await gw('GET', '/api/v1/users/me', undefined, ada.auth)).status).toBe(200);
      await expectEveryUpstreamInService();
    });
  });

  describe('malformed bearer tokens: one verdict at the gateway and at the services', () => {
    const cases: Array<[string, () => string]> = [
      [
        'a payload that is not JSON',
        () =>
          `${b64url(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: forge.kid }))}.${b64url('not json')}.${b64url('x'.repeat(64))}`,
      ],
      [
        'a signature of the wrong length with a real kid',
        () => `${forge.signed({ sub: ada.userId }).split('.').slice(0, 2).join('.')}.${b64url('short')}`,
      ],
      ['a header that is not JSON', () => `${b64url('{"alg":')}.${b64url('{}')}.${b64url('sig')}`],
      ['a header that is JSON but not an object', () => `${b64url('[1,2]')}.${b64url('{}')}.${b64url('sig')}`],
      [
        'a kid that is not a string',
        () => `${b64url(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: 42 }))}.${b64url('{}')}.${b64url('sig')}`,
      ],
      ['claims of the wrong types', () => forge.signed({ sub: 42, exp: 'tomorrow', role: ['admin'] })],
      ['four segments', () => `${forge.signed({ sub: ada.userId })}.extra`],
      ['a huge token', () => `${b64url('{"alg":"ES256"}')}.${'A'.repeat(7000)}.${b64url('sig')}`],
    ];

    it.each(cases)(
      '%s: 401 problem with the RFC 6750 challenge, at the gateway and at users directly',
      async (_name, token) => {
        const headers = { authorization: `Bearer ${token()}` };
        for (const base of [platform.gatewayUrl, platform.usersUrl]) {
          const path = base === platform.gatewayUrl ? '/api/v1/users/me' : '/v1/users/me';
          const response = await http(base, 'GET', path, undefined, headers);
          expectProblem(response, 401);
          expect(response.headers.get('www-authenticate')).toBe(CHALLENGE);
        }
      },
    );
  });

  describe('access tokens of ended sessions stop working at once, at the gateway and at the services', () => {
    const me = (auth: Record<string, string>) =>
      Promise.all([
        gw('GET', '/api/v1/users/me', undefined, auth),
        http(platform.usersUrl, 'GET', '/v1/users/me', undefined, auth),
      ]);
    /** Both verifiers refuse the token within a second of the change. */
    const refusedWithinOneSecond = async (auth: Record<string, string>) => {
      const deadline = Date.now() + 1_000;
      let answers = await me(auth);
      while (answers.some((answer) => answer.status !== 401) && Date.now() < deadline) answers = await me(auth);
      for (const answer of answers) expectProblem(answer, 401);
    };
    const accepted = async (auth: Record<string, string>) =>
      expect((await me(auth)).map((answer) => answer.status)).toEqual([200, 200]);

    it("logout ends that session's access tokens, not those of the user's other sessions", async () => {
      const carol = await registerAndLogin(platform.gatewayUrl, 'carol');
      const other = await login(platform.gatewayUrl, carol.email, carol.password);
      await accepted(carol.auth);
      expect((await gw('POST', '/api/v1/auth/logout', { refreshToken: carol.refreshToken })).status).toBe(204);
      await refusedWithinOneSecond(carol.auth);
      await accepted(other.auth);
    });

    it("a password change ends every session's access tokens; a new login works", async () => {
      const dan = await registerAndLogin(platform.gatewayUrl, 'dan');
      const other = await login(platform.gatewayUrl, dan.email, dan.password);
      const newPassword = `${dan.password}-new`;
      expect(
        (await gw('POST', '/api/v1/auth/password', { currentPassword: dan.password, newPassword }, dan.auth)).status,
      ).toBe(204);
      await refusedWithinOneSecond(dan.auth);
      await refusedWithinOneSecond(other.auth);
      await accepted((await login(platform.gatewayUrl, dan.email, newPassword)).auth);
    });

    it('a role change ends the tokens of the old role; a refresh brings one with the new role', async () => {
      const erin = await registerAndLogin(platform.gatewayUrl, 'erin');
      expect((await platform.asAdmin('PATCH', `/api/v1/users/${erin.userId}`, { role: 'admin' })).status).toBe(200);
      await refusedWithinOneSecond(erin.auth);
      const refreshed = await waitForRefreshedRole(erin.refreshToken, 'admin');
      await accepted({ authorization: `Bearer ${refreshed}` });
    });

    it('deleting a user ends their access tokens', async () => {
      const fay = await registerAndLogin(platform.gatewayUrl, 'fay');
      expect((await platform.asAdmin('DELETE', `/api/v1/users/${fay.userId}`)).status).toBe(204);
      await refusedWithinOneSecond(fay.auth);
    });

    /** Refreshes until auth has heard of the role change (its own event consumer) and signs it. */
    async function waitForRefreshedRole(refreshToken: string, role: string): Promise<string> {
      const refreshed = await gw('POST', '/api/v1/auth/refresh', { refreshToken });
      expect(refreshed.status).toBe(200);
      const claims = JSON.parse(Buffer.from(refreshed.body.accessToken.split('.')[1], 'base64url').toString());
      expect(claims.role).toBe(role);
      return refreshed.body.accessToken;
    }
  });

  describe('request bodies', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

    it.each([
      ['POST', '/api/v1/auth/login'],
      ['POST', '/api/v1/auth/register'],
      ['PATCH', '/api/v1/users/me'],
    ])('%s %s: a deeply nested JSON body under the size limit is a 400 problem', async (method, path) => {
      for (const body of [nested(20_000), deepObject(10_000), `{"email":${nested(5_000)},"password":"x","name":"y"}`]) {
        const response = await gw(method, path, body, { ...ada.auth, 'content-type': 'application/json' });
        expectProblem(response, 400);
      }
    });

    it('invalid UTF-8 in a JSON body is a 400 problem, and nothing is stored', async () => {
      const before = await platform.usersDb.query(`SELECT name FROM users WHERE id = $1`, [ada.userId]);
      const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
      const head = requestHead('PATCH', '/api/v1/users/me', [
        ...Object.entries(ada.auth).map(([k, v]) => `${k}: ${v}`),
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
      ]);
      const response = await rawRequest(platform.gatewayUrl, head, body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await platform.usersDb.query(`SELECT name FROM users WHERE id = $1`, [ada.userId])).toEqual(before);
    });

    it.each([
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json-patch+json',
    ])('a body of type %s is a 415 problem', async (type) => {
      expectProblem(await gw('POST', '/api/v1/auth/login', 'email=a&password=b', { 'content-type': type }), 415);
    });

    it('malformed JSON is a 400 problem', async () => {
      for (const body of ['{', '{"email": }', 'nul', '"\\ud800"x', '\u0000']) {
        expectProblem(await gw('POST', '/api/v1/auth/login', body, { 'content-type': 'application/json' }), 400);
      }
    });
  });
});
