import { parsePrometheusText, waitFor } from '@platform/testing';
import { startPlatform, type Platform } from './support/platform';

const ORIGIN = 'https://app.example.com';

/** The headers every answer of the gateway carries, whoever wrote it. */
const COMMON_HEADERS = [
  'x-request-id',
  'content-security-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'vary',
];

/** The gateway's request log lines (JSON, one object per line) of one request id. */
function lineOf(output: string, requestId: string): Record<string, unknown> | undefined {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((line) => line['msg'] === 'request' && line['requestId'] === requestId);
}

/**
 * The gateway runs every request through one pipeline (util-http's RequestPipeline), whether the
 * proxy path answers it (the route table) or Fastify does (health, docs). One request of each
 * kind, side by side: the same headers, the same log line, the same metrics, the same refusals.
 */
describe('one request pipeline for proxied routes and the gateway’s own', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform({
      env: { gateway: { GATEWAY_CORS_ORIGINS: ORIGIN, GATEWAY_BODY_LIMIT_BYTES: '1024' } },
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const get = (path: string, requestId: string) =>
    fetch(`${platform.gatewayUrl}${path}`, { headers: { 'x-request-id': requestId, origin: ORIGIN } });

  it('gives both the same request id, security and CORS headers', async () => {
    const proxied = await get('/api/v1/auth/.well-known/jwks.json', 'pipeline-proxied');
    const own = await get('/health/live', 'pipeline-own');
    expect([proxied.status, own.status]).toEqual([200, 200]);
    for (const name of COMMON_HEADERS) {
      const expected = name === 'x-request-id' ? 'pipeline-own' : proxied.headers.get(name);
      expect({ name, value: own.headers.get(name) }).toEqual({ name, value: expected });
      expect(proxied.headers.get(name)).not.toBeNull();
    }
    expect(proxied.headers.get('x-request-id')).toBe('pipeline-proxied');
    expect(own.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('writes one log line with the same fields for each', async () => {
    // Health probes are logged at debug only; the merged document is one of the gateway's own routes too.
    await (await get('/api/v1/auth/.well-known/jwks.json', 'pipeline-line-proxied')).text();
    await (await get('/docs/openapi.json', 'pipeline-line-own')).text();
    const gateway = platform.processes.gateway;
    await waitFor(
      () =>
        lineOf(gateway.output, 'pipeline-line-own') !== undefined &&
        lineOf(gateway.output, 'pipeline-line-proxied') !== undefined,
    );
    const proxiedLine = lineOf(gateway.output, 'pipeline-line-proxied')!;
    const ownLine = lineOf(gateway.output, 'pipeline-line-own')!;
    expect(Object.keys(ownLine).sort()).toEqual(Object.keys(proxiedLine).sort());
    expect(proxiedLine).toMatchObject({ method: 'GET', route: '/api/v1/auth/*', status: 200, service: 'gateway' });
    expect(ownLine).toMatchObject({ method: 'GET', route: '/docs/openapi.json', status: 200, service: 'gateway' });
  });

  it('counts both in the request metrics, by route template', async () => {
    await get('/api/v1/auth/.well-known/jwks.json', 'pipeline-metrics-1');
    await get('/health/live', 'pipeline-metrics-2');
    const text = await (await fetch(`${platform.managementUrls.gateway}/metrics`)).text();
    const { samples } = parsePrometheusText(text);
    const counted = (route: string) =>
      samples.some((sample) => sample.startsWith('http_requests_total{') && sample.includes(`route="${route}"`));
    expect(counted('/api/v1/auth/*')).toBe(true);
    expect(counted('/health/live')).toBe(true);
  });

  it('refuses a body over the limit the same way on both, before reading it', async () => {
    const post = (path: string) =>
      fetch(`${platform.gatewayUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'pipeline-413' },
        body: JSON.stringify({ padding: 'x'.repeat(2048) }),
      });
    const proxied = await post('/api/v1/auth/login');
    const own = await post('/health/live');
    for (const response of [proxied, own]) {
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('x-request-id')).toBe('pipeline-413');
    }
    const [proxiedBody, ownBody] = [(await proxied.json()) as object, (await own.json()) as object];
    expect(ownBody).toEqual({ ...proxiedBody, instance: '/health/live' });
  });

  it('answers CORS preflights for any path with the same headers', async () => {
    const preflight = (path: string) =>
      fetch(`${platform.gatewayUrl}${path}`, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
      });
    const [proxied, own] = [await preflight('/api/v1/users/me'), await preflight('/docs')];
    for (const response of [proxied, own]) {
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
    }
  });

  it('gives documents (Swagger UI) the document policy and API answers the API policy', async () => {
    const docs = await get('/docs', 'pipeline-docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api = await get('/health/live', 'pipeline-api');
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
