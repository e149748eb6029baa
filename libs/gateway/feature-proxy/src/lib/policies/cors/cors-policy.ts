import type { FastifyCorsOptions } from '@fastify/cors';
import type { OutgoingHttpHeaders } from 'node:http';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'];
const EXPOSED_HEADERS = ['ETag', 'Location', 'X-Request-Id', 'Retry-After', 'WWW-Authenticate'];

/**
 * CORS for browser clients: only the configured origins, never `*` with credentials. With no
 * origins configured, no CORS headers are sent and browsers keep other sites out. Fastify
 * (@fastify/cors) answers every OPTIONS request, preflights included; proxied answers get their
 * headers from corsResponseHeaders, which follows the same rules.
 */
export function corsPolicy(origins: readonly string[]): FastifyCorsOptions {
  return {
    origin: origins.length > 0 ? [...origins] : false,
    methods: METHODS,
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
    // Any OPTIONS gets the CORS answer (204), rather than a text/plain 400 when it lacks the preflight headers.
    strictPreflight: false,
  };
}

/**
 * The CORS headers of a proxied answer, by the request's Origin, as @fastify/cors sets them on
 * Fastify's routes: `Vary: Origin` and the exposed headers always, and the origin echoed when it
 * is allowed. Undefined when CORS is off. The objects are shared: callers copy them.
 */
export function corsResponseHeaders(
  origins: readonly string[],
): (origin: string | undefined) => Readonly<OutgoingHttpHeaders> | undefined {
  if (origins.length === 0) return () => undefined;
  const refused = Object.freeze({ vary: 'Origin', 'access-control-expose-headers': EXPOSED_HEADERS.join(', ') });
  const allowed = new Map(
    origins.map((origin) => [origin, Object.freeze({ ...refused, 'access-control-allow-origin': origin })]),
  );
  return (origin) => (origin === undefined ? refused : (allowed.get(origin) ?? refused));
}
