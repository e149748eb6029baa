import type { OperationObject, ResponseObject } from '@nestjs/swagger';
import { unauthenticatedProblem } from '@platform/util-auth';
import { CorsPolicy } from '@platform/util-http';
import { rateLimitHeaders } from '@platform/gateway-feature-policies';
import { deprecationHeaders } from '@platform/gateway-feature-policies';
import type { RouteDefinition } from '@platform/gateway-util-routing';
import { describeEdge, type EdgeBehaviour } from './describe-edge';
import { corsHeaders, deprecationHeaderDocs, rateLimitHeaderDocs, wwwAuthenticateHeader } from './edge-headers';

const edge: EdgeBehaviour = {
  rateLimits: { standard: { points: 600, windowSeconds: 60 }, auth: { points: 60, windowSeconds: 30 } },
  corsOrigins: ['https://app.example.com'],
  bodyLimitBytes: 102_400,
};
const bearer: RouteDefinition = {
  prefix: '/api/v1/users',
  upstream: 'users',
  upstreamPrefix: '/v1/users',
  access: 'bearer',
  rateLimit: 'standard',
};
const open: RouteDefinition = {
  prefix: '/api/v1/auth',
  upstream: 'auth',
  upstreamPrefix: '/v1/auth',
  access: 'public',
  rateLimit: 'auth',
};

const operation = (extra: Partial<OperationObject> = {}): OperationObject => ({
  responses: { '200': { description: 'ok' } },
  ...extra,
});
const lower = (names: string[]) => names.map((name) => name.toLowerCase()).sort();
const response = (op: OperationObject, status: number) => op.responses[status] as ResponseObject;

describe('describeEdge', () => {
  it('documents the rate-limit headers rateLimitHeaders sends, with their real values', () => {
    const limit = edge.rateLimits.standard;
    const docs = rateLimitHeaderDocs(limit);
    const sent = rateLimitHeaders(limit, 599, 59_000);
    expect(lower(Object.keys(docs))).toEqual(lower(Object.keys(sent)));
    expect(docs['RateLimit-Limit'].schema).toMatchObject({ minimum: 600, maximum: 600 });
    expect(docs['RateLimit-Policy'].schema).toMatchObject({ enum: [sent['ratelimit-policy']] });
  });

  it('documents the CORS origin header CorsPolicy sends, and no value it would not', () => {
    const sent = new CorsPolicy(edge.corsOrigins).headersFor('https://app.example.com')!;
    const [name, doc] = Object.entries(corsHeaders(edge.corsOrigins))[0];
    expect(sent[name.toLowerCase()]).toBe('https://app.example.com');
    expect(doc.schema).toMatchObject({ enum: ['https://app.example.com'] });
    expect(corsHeaders([])['Access-Control-Allow-Origin'].description).toMatch(/^Not sent/);
  });

  it('documents the challenge the token check sends', () => {
    const { schema } = wwwAuthenticateHeader()['WWW-Authenticate'];
    const pattern = new RegExp((schema as { pattern: string }).pattern);
    for (const presented of [false, true])
      expect(unauthenticatedProblem(presented).headers['WWW-Authenticate']).toMatch(pattern);
  });

  it('documents the deprecation headers a deprecated route sends', () => {
    const deprecation = { since: '2025-01-01', sunset: '2026-01-01', link: 'https://example.com/migrate' };
    const docs = deprecationHeaderDocs(deprecation);
    expect(lower(Object.keys(docs))).toEqual(lower(Object.keys(deprecationHeaders(deprecation))));
    const op = operation();
    describeEdge(op, { ...bearer, deprecation }, edge, '/api/v1/users');
    expect(op.deprecated).toBe(true);
    expect(response(op, 200).headers).toHaveProperty('Sunset');
  });

  it('on a bearer route: bearer security, 401 with its challenge, 429 with Retry-After, the failures, headers on every answer', () => {
    const op = operation({ requestBody: { content: {} } });
    describeEdge(op, bearer, edge, '/api/v1/users/{id}');
    expect(op.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(op.responses).sort()).toEqual(['200', '401', '413', '429', '500', '502', '503', '504']);
    expect(response(op, 401).headers).toHaveProperty('WWW-Authenticate');
    expect(response(op, 429).headers).toHaveProperty('Retry-After');
    expect((response(op, 500).content!['application/problem+json'].example as { instance: string }).instance).toBe(
      '/api/v1/users/0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55',
    );
    for (const status of Object.keys(op.responses)) {
      expect(Object.keys(response(op, Number(status)).headers!)).toEqual(
        expect.arrayContaining(['X-Request-Id', 'Access-Control-Allow-Origin', 'RateLimit-Limit']),
      );
    }
  });

  it("on a public route: anonymous on purpose, no 401 or 413 of its own, the service's own answers kept", () => {
    const own = { description: 'Too many attempts', content: { 'application/problem+json': {} } };
    const op = operation({ responses: { '200': { description: 'ok' }, '429': own } });
    describeEdge(op, open, edge, '/api/v1/auth/login');
    expect(op.security).toEqual([{}]);
    expect(op.responses).not.toHaveProperty('401');
    expect(op.responses).not.toHaveProperty('413');
    expect(response(op, 429)).toMatchObject({
      description: 'Too many attempts',
      headers: { 'Retry-After': expect.any(Object) },
    });
    expect(response(op, 200).headers!['RateLimit-Limit']).toMatchObject({ schema: { minimum: 60, maximum: 60 } });
  });

  it('adds no rate-limit headers or 429 where the route has no budget', () => {
    const op = operation();
    describeEdge(op, { ...open, rateLimit: 'none' }, edge, '/api/v1/auth/login');
    expect(op.responses).not.toHaveProperty('429');
    expect(response(op, 200).headers).not.toHaveProperty('RateLimit-Limit');
  });
});
