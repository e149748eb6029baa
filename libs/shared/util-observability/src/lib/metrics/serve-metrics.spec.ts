import { parsePrometheusText } from '@platform/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { MetricsRegistry } from './metrics-registry';
import { serveMetrics } from './serve-metrics';

describe('/metrics', () => {
  it('serves valid Prometheus text that counts requests by route template', async () => {
    const app = Fastify();
    serveMetrics(app as unknown as FastifyInstance, new MetricsRegistry('test'));
    app.get('/v1/things/:id', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/v1/things/1' });
    await app.inject({ method: 'GET', url: '/v1/things/2' });
    await app.inject({ method: 'GET', url: '/nope' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toContain('text/plain');
    const { bad, samples } = parsePrometheusText(response.body);
    expect(bad).toEqual([]);
    expect(samples).toContain('http_requests_total{method="GET",route="/v1/things/:id",status="200",service="test"} 2');
    expect(samples).toContain('http_requests_total{method="GET",route="unmatched",status="404",service="test"} 1');
    expect(samples.filter((s) => s.startsWith('http_request_duration_seconds_count{') && s.includes('route="/v1/things/:id"'))).toEqual([
      'http_request_duration_seconds_count{service="test",method="GET",route="/v1/things/:id",status="200"} 2',
    ]);
    expect(samples.some((s) => s.startsWith('process_cpu_user_seconds_total'))).toBe(true);
    expect(response.body).not.toMatch(/things\/1|things\/2/);
    await app.close();
  });
});
