import { parsePrometheusText } from '@platform/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { MetricsRegistry } from './metrics-registry';
import { recordRequestMetrics } from './request-metrics';

describe('request metrics', () => {
  it('are valid Prometheus text that counts requests by route template', async () => {
    const app = Fastify();
    const metrics = new MetricsRegistry('test');
    recordRequestMetrics(app as unknown as FastifyInstance, metrics);
    app.get('/v1/things/:id', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/v1/things/1' });
    await app.inject({ method: 'GET', url: '/v1/things/2' });
    await app.inject({ method: 'GET', url: '/nope' });
    expect(metrics.contentType).toContain('text/plain');
    const text = await metrics.metrics();
    const { bad, samples } = parsePrometheusText(text);
    expect(bad).toEqual([]);
    expect(samples).toContain('http_requests_total{method="GET",route="/v1/things/:id",status="200",service="test"} 2');
    expect(samples).toContain('http_requests_total{method="GET",route="unmatched",status="404",service="test"} 1');
    expect(
      samples.filter(
        (s) => s.startsWith('http_request_duration_seconds_count{') && s.includes('route="/v1/things/:id"'),
      ),
    ).toEqual([
      'http_request_duration_seconds_count{service="test",method="GET",route="/v1/things/:id",status="200"} 2',
    ]);
    expect(samples.some((s) => s.startsWith('process_cpu_user_seconds_total'))).toBe(true);
    expect(text).not.toMatch(/things\/1|things\/2/);
    await app.close();
  });

  it('add no /metrics route to the app they count', async () => {
    const app = Fastify();
    recordRequestMetrics(app as unknown as FastifyInstance, new MetricsRegistry('test'));
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    await app.close();
  });
});
