import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Who made the request, once authentication exists (set by the auth layer on the request). */
export const CALLER_ID = Symbol('callerId');

/**
 * One line per request when it completes: method, route template (bounded, no ids), status,
 * latency, the caller when known, and (bound by Fastify) the request id. Bodies and headers are never logged.
 * Health probes are logged at debug, so they do not drown the rest.
 */
export function logRequests(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const line = {
      method: request.method,
      route,
      status: reply.statusCode,
      latencyMs: Math.round(reply.elapsedTime * 10) / 10,
      ...((request as unknown as Record<symbol, unknown>)[CALLER_ID] !== undefined && {
        callerId: (request as unknown as Record<symbol, unknown>)[CALLER_ID],
      }),
    };
    if (route.startsWith('/health')) request.log.debug(line, 'request');
    else if (reply.statusCode >= 500) request.log.error(line, 'request');
    else request.log.info(line, 'request');
    done();
  });
}
