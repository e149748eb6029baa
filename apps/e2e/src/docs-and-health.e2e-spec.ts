import { parsePrometheusText, sampleValue } from '@platform/testing';
import { startPlatform, type Platform } from './support/platform';
import { expectProblem, http } from './support/http';

describe('Swagger UI and health', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('serves Swagger UI at /docs', async () => {
    const page = await http(platform.gatewayUrl, 'GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('swagger-ui');
  });

  it('serves one OpenAPI document with every public path as clients call it', async () => {
    const { status, body } = await http(platform.gatewayUrl, 'GET', '/docs/openapi.json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths).sort()).toEqual([
      '/api/v1/auth/.well-known/jwks.json',
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
      '/api/v1/auth/password',
      '/api/v1/auth/refresh',
      '/api/v1/auth/register',
      '/api/v1/users',
      '/api/v1/users/me',
      '/api/v1/users/{id}',
    ]);
    // Swagger UI's Authorize button: one bearer scheme, on the operations that need a token.
    expect(body.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    });
    expect(body.paths['/api/v1/users/me'].get.security).toEqual([{ bearer: [] }]);
    expect(body.paths['/api/v1/auth/password'].post.security).toEqual([{ bearer: [] }]);
    // Public on purpose: an explicit anonymous requirement (docs/openapi-lint.md).
    expect(body.paths['/api/v1/auth/login'].post.security).toEqual([{}]);
    expect(Object.keys(body.paths['/api/v1/users/{id}']).sort()).toEqual(['delete', 'get', 'patch', 'put']);
    expect(body.components.schemas).toHaveProperty('ProblemDetails');
    expect(body.components.schemas).toHaveProperty('UserDto');
    expect(JSON.stringify(body)).not.toContain('/health');
    const create = body.paths['/api/v1/users'].post.responses;
    expect(Object.keys(create['201'].headers)).toEqual(
      expect.arrayContaining(['ETag', 'Location', 'X-Request-Id', 'RateLimit-Limit']),
    );
    for (const [status, type] of [
      ['400', 'urn:problem-type:validation-error'],
      ['409', 'urn:problem-type:conflict'],
    ]) {
      expect(create[status].content['application/problem+json'].example).toMatchObject({
        status: Number(status),
        type,
        instance: '/api/v1/users',
      });
    }
    const list = body.paths['/api/v1/users'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'offset', 'sort', 'email', 'name']),
    );
  });

  it('answers liveness and only the readiness verdict on the public ports, and no metrics', async () => {
    for (const base of [platform.gatewayUrl, platform.usersUrl, platform.authUrl]) {
      expect((await http(base, 'GET', '/health/live')).body).toEqual({ status: 'ok' });
      const ready = await http(base, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ok' });
      const metrics = await http(base, 'GET', '/metrics');
      expectProblem(metrics, 404);
      expect(metrics.text).not.toContain('http_requests_total');
    }
  });

  it('serves the detailed readiness on each management port, and nothing of the public API there', async () => {
    const gateway = await http(platform.managementUrls.gateway, 'GET', '/health/ready');
    expect(gateway.status).toBe(200);
    expect(gateway.body.details.upstreams).toMatchObject({ users: 'up', auth: 'up' });
    // Its first probe may have come before users listened: the state is whatever the last probe found.
    expect(gateway.body.details.upstreamInstances.users).toMatchObject({
      circuit: 'closed',
      instances: [{ id: 'users#0', state: expect.any(String) }],
    });
    for (const service of ['users', 'auth'] as const) {
      const ready = await http(platform.managementUrls[service], 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details).toMatchObject({ database: { status: 'up' }, broker: { status: 'up' } });
      expect((await http(platform.managementUrls[service], 'GET', '/health/live')).body).toEqual({ status: 'ok' });
    }
    expectProblem(await http(platform.managementUrls.users, 'GET', '/v1/users'), 404);
    expectProblem(await http(platform.managementUrls.gateway, 'GET', '/docs/openapi.json'), 404);
    expectProblem(await http(platform.managementUrls.gateway, 'GET', '/api/v1/users'), 404);
  });

  it('serves Prometheus metrics on every management port, counting a request that was made', async () => {
    const before = parsePrometheusText((await http(platform.managementUrls.gateway, 'GET', '/metrics')).text).samples;
    const counted = (samples: string[]) =>
      sampleValue(samples, 'http_requests_total{', 'route="/api/v1/users"', 'status="200"') ?? 0;
    await platform.asAdmin('GET', '/api/v1/users?limit=1');
    const gateway = parsePrometheusText((await http(platform.managementUrls.gateway, 'GET', '/metrics')).text);
    expect(gateway.bad).toEqual([]);
    expect(counted(gateway.samples)).toBe(counted(before) + 1);
    expect(
      sampleValue(gateway.samples, 'gateway_upstream_requests_total{', 'upstream="users"', 'outcome="200"'),
    ).toBeGreaterThanOrEqual(1);
    // Scrapes are not the app's traffic: they reach no route of the public server.
    expect(gateway.samples.some((sample) => sample.includes('route="/metrics"'))).toBe(false);

    const users = parsePrometheusText((await http(platform.managementUrls.users, 'GET', '/metrics')).text);
    expect(users.bad).toEqual([]);
    expect(
      sampleValue(users.samples, 'http_requests_total{', 'route="/v1/users"', 'status="200"'),
    ).toBeGreaterThanOrEqual(1);
    for (const name of [
      'messaging_published_total',
      'outbox_pending_messages',
      'db_pool_connections{',
      'process_resident_memory_bytes',
    ]) {
      expect(users.samples.some((sample) => sample.startsWith(name))).toBe(true);
    }
    expect(users.samples.join('\n')).not.toMatch(/route="\/v1\/users\/[0-9a-f-]{36}"/);

    const auth = parsePrometheusText((await http(platform.managementUrls.auth, 'GET', '/metrics')).text);
    expect(auth.bad).toEqual([]);
    expect(auth.samples.some((sample) => sample.includes('service="auth"'))).toBe(true);
  });
});
