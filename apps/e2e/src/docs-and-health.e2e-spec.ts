import { parsePrometheusText, sampleValue } from '@platform/testing';
import { startPlatform, type Platform } from './support/platform';
import { http } from './support/http';

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
    expect(body.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }) });
    expect(body.paths['/api/v1/users/me'].get.security).toEqual([{ bearer: [] }]);
    expect(body.paths['/api/v1/auth/password'].post.security).toEqual([{ bearer: [] }]);
    // Public on purpose: an explicit anonymous requirement (docs/openapi-lint.md).
    expect(body.paths['/api/v1/auth/login'].post.security).toEqual([{}]);
    expect(Object.keys(body.paths['/api/v1/users/{id}']).sort()).toEqual(['delete', 'get', 'patch', 'put']);
    expect(body.components.schemas).toHaveProperty('ProblemDetails');
    expect(body.components.schemas).toHaveProperty('UserDto');
    expect(JSON.stringify(body)).not.toContain('/health');
    const create = body.paths['/api/v1/users'].post.responses;
    expect(Object.keys(create['201'].headers)).toEqual(expect.arrayContaining(['ETag', 'Location', 'X-Request-Id', 'RateLimit-Limit']));
    for (const [status, type] of [['400', 'urn:problem-type:validation-error'], ['409', 'urn:problem-type:conflict']]) {
      expect(create[status].content['application/problem+json'].example).toMatchObject({ status: Number(status), type, instance: '/api/v1/users' });
    }
    const list = body.paths['/api/v1/users'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['limit', 'offset', 'sort', 'email', 'name']));
  });

  it('answers liveness and readiness on every app', async () => {
    expect((await http(platform.gatewayUrl, 'GET', '/health/live')).body).toEqual({ status: 'ok' });
    const ready = await http(platform.gatewayUrl, 'GET', '/health/ready');
    expect(ready.body.details.upstreams).toMatchObject({ users: 'up', auth: 'up' });
    const users = await http(platform.usersUrl, 'GET', '/health/ready');
    expect(users.body.details).toMatchObject({ database: { status: 'up' }, broker: { status: 'up' } });
  });

  it('serves Prometheus metrics on every app, counting a request that was made', async () => {
    const before = parsePrometheusText((await http(platform.gatewayUrl, 'GET', '/metrics')).text).samples;
    const counted = (samples: string[]) => sampleValue(samples, 'http_requests_total{', 'route="/api/v1/users"', 'status="200"') ?? 0;
    await platform.asAdmin('GET', '/api/v1/users?limit=1');
    const gateway = parsePrometheusText((await http(platform.gatewayUrl, 'GET', '/metrics')).text);
    expect(gateway.bad).toEqual([]);
    expect(counted(gateway.samples)).toBe(counted(before) + 1);
    expect(sampleValue(gateway.samples, 'gateway_upstream_requests_total{', 'upstream="users"', 'outcome="200"')).toBeGreaterThanOrEqual(1);

    const users = parsePrometheusText((await http(platform.usersUrl, 'GET', '/metrics')).text);
    expect(users.bad).toEqual([]);
    expect(sampleValue(users.samples, 'http_requests_total{', 'route="/v1/users"', 'status="200"')).toBeGreaterThanOrEqual(1);
    for (const name of ['messaging_published_total', 'outbox_pending_messages', 'db_pool_connections{', 'process_resident_memory_bytes']) {
      expect(users.samples.some((sample) => sample.startsWith(name))).toBe(true);
    }
    expect(users.samples.join('\n')).not.toMatch(/route="\/v1\/users\/[0-9a-f-]{36}"/);
  });
});
