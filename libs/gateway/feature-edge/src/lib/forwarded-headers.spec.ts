import { clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers';

describe('forwarded headers', () => {
  const context = {
    requestId: 'req-1',
    clientAddress: '10.0.0.9',
    protocol: 'http',
    host: 'api.example.com',
    prefix: '/api',
  };

  it('drops hop-by-hop headers and adds request id and X-Forwarded-*', () => {
    const headers = upstreamRequestHeaders(
      {
        host: 'api.example.com',
        connection: 'keep-alive',
        'content-length': '5',
        authorization: 'Bearer t',
        'x-forwarded-proto': 'spoofed',
        'x-request-id': 'old',
      },
      context,
    );
    expect(headers).toEqual({
      authorization: 'Bearer t',
      'x-request-id': 'req-1',
      'x-forwarded-for': '10.0.0.9',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'api.example.com',
      'x-forwarded-prefix': '/api',
    });
  });

  it('drops Expect (answered by the gateway) and every header the client named in Connection', () => {
    const headers = upstreamRequestHeaders(
      { expect: '100-continue', connection: 'close, X-Api-Key, te', 'x-api-key': 'k', accept: '*/*' },
      context,
    );
    expect(headers['expect']).toBeUndefined();
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers['accept']).toBe('*/*');
  });

  it("drops the client's trace context: the gateway's span continues it and sends its own", () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const headers = upstreamRequestHeaders({ traceparent, tracestate: 'a=b', baggage: 'k=v', accept: '*/*' }, context);
    expect(Object.keys(headers).filter((name) => ['traceparent', 'tracestate', 'baggage'].includes(name))).toEqual([]);
    expect(headers['accept']).toBe('*/*');
  });

  it('sets X-Forwarded-* to what the gateway determined, whatever the client sent', () => {
    const spoofed = {
      'x-forwarded-for': '1.2.3.4',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-prefix': '/x',
      'x-forwarded-port': '1',
    };
    const headers = upstreamRequestHeaders(spoofed, { ...context, prefix: undefined });
    expect(headers).toEqual({
      'x-request-id': 'req-1',
      'x-forwarded-for': '10.0.0.9',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'api.example.com',
    });
  });

  it('keeps end-to-end response headers and rewrites Location to its public path', () => {
    const headers = clientResponseHeaders(
      {
        'content-type': 'application/json',
        'content-length': '10',
        etag: '"1"',
        'transfer-encoding': 'chunked',
        location: '/v1/users/7',
      },
      (location) => `/api${location}`,
    );
    expect(headers).toEqual({
      'content-type': 'application/json',
      'content-length': '10',
      etag: '"1"',
      location: '/api/v1/users/7',
    });
  });

  it('leaves out a Location that has no public form', () => {
    expect(clientResponseHeaders({ etag: '"1"', location: '/internal/7' }, () => undefined)).toEqual({ etag: '"1"' });
  });

  it('leaves out what the gateway sets itself: its security headers, the request id, Date', () => {
    const headers = clientResponseHeaders(
      {
        etag: '"2"',
        'content-security-policy': "default-src 'none'",
        'x-frame-options': 'DENY',
        'strict-transport-security': 'max-age=1',
        'x-request-id': 'r-1',
        date: 'Sat, 21 Nov 2026 21:00:00 GMT',
      },
      () => undefined,
    );
    expect(headers).toEqual({ etag: '"2"' });
  });
});
