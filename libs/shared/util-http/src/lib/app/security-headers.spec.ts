import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  API_SECURITY_HEADERS,
  SECURITY_HEADER_OPTIONS,
  SecurityHeaders,
  staticSecurityHeaders,
} from './security-headers';

describe('staticSecurityHeaders', () => {
  it('is exactly what helmet sets on a response', () => {
    const set = new Map<string, string>();
    const response = {
      setHeader: (n: string, v: string) => set.set(n.toLowerCase(), v),
      removeHeader: (n: string) => set.delete(n.toLowerCase()),
    };
    helmet(SECURITY_HEADER_OPTIONS)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
    expect(staticSecurityHeaders()).toEqual(Object.fromEntries(set));
  });

  it('keeps the policy Swagger UI needs and forbids framing', () => {
    const headers = staticSecurityHeaders();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('gives API answers the OWASP REST set: nothing may load or frame them, HSTS, no sniffing, no referrer', () => {
    expect(API_SECURITY_HEADERS).toEqual({
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'strict-transport-security': expect.stringMatching(/^max-age=\d+; includeSubDomains$/),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
  });

  it('gives documents (Swagger UI) the document set and everything else the API set', () => {
    const headers = new SecurityHeaders(['/docs']);
    expect(headers.headersFor('/docs')).toEqual(staticSecurityHeaders());
    expect(headers.headersFor('/docs/swagger-ui.css')).toEqual(staticSecurityHeaders());
    expect(headers.headersFor('/docs?x=1')).toEqual(staticSecurityHeaders());
    expect(headers.headersFor('/docsx')).toBe(API_SECURITY_HEADERS);
    expect(headers.headersFor('/api/v1/users')).toBe(API_SECURITY_HEADERS);
  });
});
