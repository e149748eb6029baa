import { context, propagation, trace } from '@opentelemetry/api';
import { shutdownTracing, startTracing, tracingEnabled } from './start-tracing';
import { traceHeaders, withConsumerSpan } from './message-tracing';

describe('startTracing without an endpoint', () => {
  it('starts nothing: the API stays a no-op', async () => {
    expect(startTracing({ serviceName: 'users', env: {} })).toBe(false);
    expect(tracingEnabled()).toBe(false);
    let active: unknown = 'unset';
    await withConsumerSpan(
      { messageType: 't', destination: 'q' },
      { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      async () => {
        active = trace.getActiveSpan();
      },
    );
    // No context manager is registered: nothing is tracked across the call.
    expect(active).toBeUndefined();
    expect(traceHeaders(context.active())).toEqual({});
    expect(propagation.fields()).toEqual([]);
    await expect(shutdownTracing()).resolves.toBeUndefined();
  });

  it('stays off when OTEL_SDK_DISABLED is true', () => {
    expect(
      startTracing({
        serviceName: 'users',
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' },
      }),
    ).toBe(false);
  });
});

describe('startTracing with an endpoint', () => {
  it('registers a provider and a W3C propagator, and shuts down within the bound', async () => {
    // Nothing listens on this port: the flush must still end within the bound.
    expect(startTracing({ serviceName: 'users', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' } })).toBe(
      true,
    );
    expect(propagation.fields()).toEqual(expect.arrayContaining(['traceparent', 'tracestate']));
    trace.getTracer('test').startSpan('unsent').end();
    const started = Date.now();
    await shutdownTracing(500);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(tracingEnabled()).toBe(false);
  });
});
