import { publicLocation } from './public-location';
import { routeTable } from './route-table';

describe('publicLocation', () => {
  const id = '0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55';

  it("maps the answering upstream's paths to their public form", () => {
    expect(publicLocation(routeTable, 'users', `/v1/users/${id}`)).toBe(`/api/v1/users/${id}`);
    expect(publicLocation(routeTable, 'auth', '/v1/auth/password')).toBe('/api/v1/auth/password');
  });

  it("maps another service's path too: auth names the user it registered by users' path", () => {
    expect(publicLocation(routeTable, 'auth', `/v1/users/${id}`)).toBe(`/api/v1/users/${id}`);
  });

  it('keeps a public path and an absolute URL, and drops a path no route serves', () => {
    expect(publicLocation(routeTable, 'users', `/api/v1/users/${id}`)).toBe(`/api/v1/users/${id}`);
    expect(publicLocation(routeTable, 'users', 'https://example.com/x')).toBe('https://example.com/x');
    expect(publicLocation(routeTable, 'users', '/internal/debug')).toBeUndefined();
    expect(publicLocation(routeTable, 'auth', '/v1/usersx/1')).toBeUndefined();
    expect(publicLocation(routeTable, 'users', '//evil.example/x')).toBe('//evil.example/x');
  });
});
