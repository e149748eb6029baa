import type { OpenAPIObject } from '@nestjs/swagger';
import type { RouteDefinition } from '@platform/gateway-util-routing';
import { mergeOpenApi } from './merge-openapi';

const routes: RouteDefinition[] = [
  { prefix: '/api/v1/users', upstream: 'users', upstreamPrefix: '/v1/users', access: 'bearer' },
  { prefix: '/api/v1/auth', upstream: 'auth', upstreamPrefix: '/v1/auth', access: 'public' },
];
const problem = { type: 'object', properties: { status: { type: 'integer' } } };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const users: OpenAPIObject = {
  openapi: '3.0.0',
  info: { title: 'users', version: '1' },
  paths: {
    '/v1/users/{id}': {
      get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: ref('UserDto') } } } } },
    },
    '/health/ready': { get: { responses: {} } },
  },
  tags: [{ name: 'users' }],
  components: {
    schemas: {
      UserDto: { type: 'object' },
      ProblemDetails: problem,
      Page: { type: 'object', description: 'users page' },
    },
  },
};
const auth: OpenAPIObject = {
  openapi: '3.0.0',
  info: { title: 'auth', version: '1' },
  paths: {
    '/v1/auth/login': {
      post: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: ref('Page') } } } } },
    },
  },
  components: { schemas: { ProblemDetails: problem, Page: { type: 'object', description: 'auth page' } } },
};

describe('mergeOpenApi', () => {
  const merged = mergeOpenApi(
    [
      { upstream: 'users', document: users },
      { upstream: 'auth', document: auth },
    ],
    routes,
    { info: { title: 'Platform API', version: '1' } },
  );

  it('publishes routed paths under their public prefix and hides the rest', () => {
    expect(Object.keys(merged.paths)).toEqual(['/api/v1/users/{id}', '/api/v1/auth/login']);
  });

  it('shares identical schemas and renames conflicting ones, refs included', () => {
    expect(Object.keys(merged.components!.schemas!)).toEqual(['UserDto', 'ProblemDetails', 'Page', 'AuthPage']);
    const login = merged.paths['/api/v1/auth/login'].post!.responses['200'] as {
      content: Record<string, { schema: unknown }>;
    };
    expect(login.content['application/json'].schema).toEqual(ref('AuthPage'));
    expect(merged.components!.schemas!['AuthPage']).toEqual({ type: 'object', description: 'auth page' });
  });

  it('skips services whose document is unavailable', () => {
    const partial = mergeOpenApi(
      [
        { upstream: 'users', document: undefined },
        { upstream: 'auth', document: auth },
      ],
      routes,
      {
        info: { title: 't', version: '1' },
      },
    );
    expect(Object.keys(partial.paths)).toEqual(['/api/v1/auth/login']);
  });

  it('keeps tags once and targets the gateway itself', () => {
    expect(merged.tags).toEqual([{ name: 'users' }]);
    expect(merged.servers).toEqual([{ url: '/', 'x-internal': false }]);
  });

  it('declares the tags its operations use', () => {
    const tagged = mergeOpenApi(
      [
        {
          upstream: 'auth',
          document: { ...auth, paths: { '/v1/auth/login': { post: { tags: ['auth'], responses: {} } } } },
        },
      ],
      routes,
      {
        info: { title: 't', version: '1' },
      },
    );
    expect(tagged.tags).toEqual([{ name: 'auth' }]);
  });

  it("describes the edge on copies, leaving the services' cached documents as they were", () => {
    const before = structuredClone(users);
    const edge = {
      rateLimits: { standard: { points: 10, windowSeconds: 60 }, auth: { points: 5, windowSeconds: 60 } },
      corsOrigins: [],
      bodyLimitBytes: 1024,
    };
    const described = mergeOpenApi(
      [{ upstream: 'users', document: users }],
      routes,
      { info: { title: 't', version: '1' } },
      edge,
    );
    expect(Object.keys(described.paths['/api/v1/users/{id}'].get!.responses)).toEqual(
      expect.arrayContaining(['200', '401', '429', '500', '503']),
    );
    expect(described.components!.securitySchemes!['bearer']).toMatchObject({ scheme: 'bearer', bearerFormat: 'JWT' });
    expect(users).toEqual(before);
  });
});
