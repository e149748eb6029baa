import { parsePrometheusText } from '@platform/testing';
import { MetricsRegistry } from './metrics-registry';

describe('MetricsRegistry', () => {
  it('is valid Prometheus text that counts requests by route template, with the process metrics', async () => {
    const metrics = new MetricsRegistry('test');
    metrics.observeRequest('GET', '/v1/things/:id', 200, 0.002);
    metrics.observeRequest('GET', '/v1/things/:id', 200, 0.004);
    metrics.observeRequest('GET', 'unmatched', 404, 0.001);
    expect(metrics.contentType).toContain('text/plain');
    const { bad, samples } = parsePrometheusText(await metrics.metrics());
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
  });
});
