import type { RouteDefinition } from '@platform/gateway-util-routing';
import { validateRouteTable } from '@platform/gateway-util-routing';
import { validateRoutePolicies } from './validate-route-policies';

const validate = (routes: RouteDefinition[]) => validateRouteTable(routes, validateRoutePolicies);

const users: RouteDefinition = {
  prefix: '/api/v1/users',
  upstream: 'users',
  upstreamPrefix: '/v1/users',
  access: 'bearer',
};
const auth: RouteDefinition = {
  prefix: '/api/v1/auth',
  upstream: 'auth',
  upstreamPrefix: '/v1/auth',
  access: 'public',
};

describe('route policies in the route table', () => {
  it('accepts a route with every policy set', () => {
    const route: RouteDefinition = {
      ...users,
      version: 'v1',
      rateLimit: 'standard',
      cache: { ttlSeconds: 30, scope: 'caller', path: '/:id' },
      deprecation: {
        since: '2026-01-01',
        sunset: '2026-07-01T00:00:00Z',
        link: 'https://docs.example.com/v1',
        sunsetLink: 'https://docs.example.com/sunset',
      },
    };
    expect(validate([route])).toEqual([]);
    expect(
      validate([{ ...auth, rateLimit: 'none', cache: { ttlSeconds: 60, scope: 'shared', path: '/keys/:kid' } }]),
    ).toEqual([]);
  });

  it('rejects a version that is malformed or not in the prefix', () => {
    expect(validate([{ ...users, version: '1' }])).toEqual(['route 0 (/api/v1/users): version must look like v1']);
    expect(validate([{ ...users, version: 'v2' }])).toEqual([
      'route 0 (/api/v1/users): version v2 is not a segment of the prefix',
    ]);
  });

  it('rejects an unknown rate-limit class', () => {
    expect(validate([{ ...users, rateLimit: 'gold' as never }])).toEqual([
      'route 0 (/api/v1/users): rateLimit must be one of standard, auth, none',
    ]);
  });

  it('refuses a shared cache on a bearer route: it would serve one caller what another may read', () => {
    expect(validate([{ ...users, cache: { ttlSeconds: 30, scope: 'shared', path: '/:id' } }])).toEqual([
      'route 0 (/api/v1/users): cache.scope "shared" is only for public routes: a bearer route answers per caller, so its entries must be per caller',
    ]);
    expect(validate([{ ...auth, cache: { ttlSeconds: 30, scope: 'caller', path: '/:id' } }])).toEqual([
      'route 0 (/api/v1/auth): cache.scope "caller" needs a bearer route (a caller to key on)',
    ]);
  });

  it('rejects a bad TTL, scope or cache path', () => {
    expect(validate([{ ...users, cache: { ttlSeconds: 0, scope: 'everyone' as never, path: 'id' } }])).toEqual([
      'route 0 (/api/v1/users): cache.ttlSeconds must be an integer from 1 to 86400',
      'route 0 (/api/v1/users): cache.scope must be one of caller, shared',
      'route 0 (/api/v1/users): cache.path must look like /:id or /a/:id (literal or :param segments)',
    ]);
    expect(validate([{ ...users, cache: { ttlSeconds: 1.5, scope: 'caller', path: '/:id/' } }])).toHaveLength(2);
  });

  it('rejects deprecation dates that do not parse or a sunset before the deprecation, and non-http links', () => {
    expect(validate([{ ...users, deprecation: { since: 'soon', sunset: '2026-13-01', link: 'ftp://x' } }])).toEqual([
      'route 0 (/api/v1/users): deprecation.since must be an ISO 8601 date',
      'route 0 (/api/v1/users): deprecation.sunset must be an ISO 8601 date',
      'route 0 (/api/v1/users): deprecation.link must be an http(s) URL',
    ]);
    expect(validate([{ ...users, deprecation: { since: '2026-06-01', sunset: '2026-01-01' } }])).toEqual([
      'route 0 (/api/v1/users): deprecation.sunset must be after deprecation.since',
    ]);
  });
});
