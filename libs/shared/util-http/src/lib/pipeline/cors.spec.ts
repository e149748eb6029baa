import { CorsPolicy } from './cors';

describe('CorsPolicy', () => {
  const cors = new CorsPolicy(['https://app.example.com']);

  it('echoes an allowed origin, varies by Origin, and exposes the headers clients read', () => {
    expect(cors.headersFor('https://app.example.com')).toEqual({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-expose-headers': 'ETag, Location, X-Request-Id, Retry-After, WWW-Authenticate',
      vary: 'Origin',
    });
    expect(cors.headersFor('https://evil.example')?.['access-control-allow-origin']).toBeUndefined();
    expect(cors.headersFor(undefined)?.['vary']).toBe('Origin');
  });

  it('adds the methods, headers and max age to a preflight', () => {
    expect(cors.preflightHeaders).toEqual({
      'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
      'access-control-allow-headers': 'Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id',
      'access-control-max-age': '600',
    });
  });

  it('is off, headers and preflights alike, when no origin is configured', () => {
    const off = new CorsPolicy([]);
    expect(off.enabled).toBe(false);
    expect(off.headersFor('https://app.example.com')).toBeUndefined();
    expect(off.preflightHeaders).toBeUndefined();
  });
});
