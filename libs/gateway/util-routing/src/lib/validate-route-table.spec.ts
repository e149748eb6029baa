import { routeTable, type RouteDefinition } from './route-table';
import { removedPrefix, toPublicPath, toUpstreamPath, validateRouteTable } from './validate-route-table';

const users: RouteDefinition = {
  prefix: '/api/v1/users',
  upstream: 'users',
  upstreamPrefix: '/v1/users',
  access: 'bearer',
};

describe('route table', () => {
  it('the shipped table is valid', () => {
    expect(validateRouteTable(routeTable)).toEqual([]);
  });

  it('rejects malformed prefixes, unknown upstreams and bad timeouts', () => {
    const problems = validateRouteTable([
      { prefix: 'api/users/', upstream: 'users', upstreamPrefix: '/v1/users', access: 'bearer' },
      {
        prefix: '/api/v1/orders',
        upstream: 'orders' as never,
        upstreamPrefix: '/v1/orders',
        timeoutMs: 0,
        access: 'open' as never,
      },
    ]);
    expect(problems).toEqual([
      'route 0 (api/users/): prefix must look like /a/b, lower-case, without a trailing slash',
      'route 1 (/api/v1/orders): unknown upstream "orders"',
      'route 1 (/api/v1/orders): access must be one of public, bearer',
      'route 1 (/api/v1/orders): timeoutMs must be a positive integer',
    ]);
  });

  it('rejects a prefix owned twice, and a nested prefix that maps elsewhere', () => {
    expect(validateRouteTable([users, { ...users, access: 'public' }])).toEqual([
      'route 0 (/api/v1/users): /api/v1/users is owned twice',
    ]);
    expect(validateRouteTable([users, { ...users, prefix: '/api/v1/users/admin' }])).toEqual([
      'route 0 (/api/v1/users): nested with /api/v1/users/admin but maps it to another upstream path',
    ]);
    expect(
      validateRouteTable([
        users,
        { ...users, prefix: '/api/v1/users/me', upstreamPrefix: '/v1/users/me', access: 'public' },
      ]),
    ).toEqual([]);
    expect(validateRouteTable([users, { ...users, prefix: '/api/v1/usersx' }])).toEqual([]);
  });

  it('maps an upstream path back through the longest route that owns it', () => {
    const me: RouteDefinition = { ...users, prefix: '/api/v1/users/me', upstreamPrefix: '/v1/users/me' };
    expect(toPublicPath([users, me], 'users', '/v1/users/me')).toBe('/api/v1/users/me');
    expect(toPublicPath([me, users], 'users', '/v1/users/42')).toBe('/api/v1/users/42');
  });

  it('rewrites public paths to upstream paths, keeping the query', () => {
    expect(toUpstreamPath(users, '/api/v1/users/42?x=1')).toBe('/v1/users/42?x=1');
    expect(toUpstreamPath(users, '/api/v1/users')).toBe('/v1/users');
  });

  it('maps upstream paths back only when a route owns them', () => {
    expect(toPublicPath([users], 'users', '/v1/users/42')).toBe('/api/v1/users/42');
    expect(toPublicPath([users], 'users', '/v1/users')).toBe('/api/v1/users');
    expect(toPublicPath([users], 'users', '/health/ready')).toBeUndefined();
    expect(toPublicPath([users], 'auth', '/v1/users/42')).toBeUndefined();
    expect(toPublicPath([users], 'users', '/v1/usersx')).toBeUndefined();
  });

  it('knows which public prefix a route removes', () => {
    expect(removedPrefix(users)).toBe('/api');
    expect(removedPrefix({ ...users, prefix: '/v1/users' })).toBeUndefined();
    expect(removedPrefix({ ...users, prefix: '/api/people' })).toBeUndefined();
  });
});
