import { corsPolicy, corsResponseHeaders } from './cors-policy';

describe('CORS on proxied answers', () => {
  it('echoes an allowed origin, varies by Origin, and exposes the headers clients read', () => {
    const headersFor = corsResponseHeaders(['https://app.example.com']);
    expect(headersFor('https://app.example.com')).toEqual({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-expose-headers': 'ETag, Location, X-Request-Id, Retry-After, WWW-Authenticate',
      vary: 'Origin',
    });
    expect(headersFor('https://evil.example')?.['access-control-allow-origin']).toBeUndefined();
    expect(headersFor(undefined)?.['vary']).toBe('Origin');
  });

  it('sends nothing when no origin is configured, like @fastify/cors with origin false', () => {
    expect(corsResponseHeaders([])('https://app.example.com')).toBeUndefined();
    expect(corsPolicy([]).origin).toBe(false);
  });
});
