import type { FastifyInstance } from 'fastify';
import type { MetricsRegistry } from './metrics-registry';

/**
 * GET /metrics in Prometheus text format, and request metrics recorded for every route (route
 * templates, never raw paths, so label values stay bounded). Registered on Fastify itself so the
 * gateway's proxy routes are counted too.
 */
export function serveMetrics(fastify: FastifyInstance, metrics: MetricsRegistry): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  fastify.get('/metrics', async (_request, reply) => reply.header('content-type', metrics.contentType).send(await metrics.metrics()));
}
