import type { FastifyCorsOptions } from '@fastify/cors';

/**
 * CORS for browser clients: only the configured origins, never `*` with credentials. With no
 * origins configured, no CORS headers are sent and browsers keep other sites out.
 */
export function corsPolicy(origins: readonly string[]): FastifyCorsOptions {
  return {
    origin: origins.length > 0 ? [...origins] : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After', 'WWW-Authenticate'],
    credentials: false,
    maxAge: 600,
  };
}
