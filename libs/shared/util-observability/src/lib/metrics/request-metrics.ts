import type { FastifyInstance } from 'fastify';
import type { MetricsRegistry } from './metrics-registry';

/**
 * Records request metrics for every route (route templates, never raw paths, so label values
 * stay bounded). Registered on Fastify itself so the gateway's proxy routes are counted too. The
 * registry is served by the app's management server, never on the public port.
 */
export function recordRequestMetrics(fastify: FastifyInstance, metrics: MetricsRegistry): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
