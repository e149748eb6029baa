import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { registerTracerProvider } from './start-tracing';
import { contextFromHeaders, outsideTraces, traceHeaders, withConsumerSpan, withProducerSpan } from './message-tracing';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
registerTracerProvider(provider);
const tracer = trace.getTracer('test');

const info = { messageType: 'users.user.created.v1', destination: 'platform.events', messageId: 'm-1' };

/** Runs `work` inside a span of its own, as a request handler would be. */
function inRequest<T>(work: () => Promise<T>): Promise<{ result: T; traceId: string; spanId: string }> {
  return tracer.startActiveSpan('POST /v1/users', async (span) => {
    const result = await work();
    span.end();
    return { result, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
  });
}

afterEach(() => exporter.reset());
afterAll(() => provider.shutdown());

describe('message trace context', () => {
  it('puts the active span in W3C headers and reads it back', async () => {
    const { result: headers, traceId, spanId } = await inRequest(async () => traceHeaders());
    expect(headers['traceparent']).toBe(`00-${traceId}-${spanId}-01`);
    expect(trace.getSpanContext(contextFromHeaders(headers))).toMatchObject({ traceId, spanId, isRemote: true });
  });

  it('gives no headers outside a trace, and a root context for a message without any', () => {
    expect(outsideTraces(() => traceHeaders())).toEqual({});
    expect(trace.getSpanContext(contextFromHeaders({ other: 'x' }))).toBeUndefined();
    expect(trace.getSpanContext(contextFromHeaders(undefined))).toBeUndefined();
  });

  it('publishes in a PRODUCER span under the stored context, even when run later elsewhere', async () => {
    const {
      result: stored,
      traceId,
      spanId: requestSpanId,
    } = await inRequest(async () => ({ ...traceHeaders(), 'x-custom': 'kept' }));
    // The relay runs later, outside the request: only the stored headers link it to the request.
    const sent = await outsideTraces(() => withProducerSpan(info, stored, async (headers) => headers));
    const producer = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.PRODUCER);
    expect(producer).toMatchObject({ name: 'publish users.user.created.v1' });
    expect(producer?.spanContext().traceId).toBe(traceId);
    expect(producer?.parentSpanContext?.spanId).toBe(requestSpanId);
    expect(producer?.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': 'platform.events',
    });
    expect(sent['x-custom']).toBe('kept');
    expect(sent['traceparent']).toBe(`00-${traceId}-${producer?.spanContext().spanId}-01`);
  });

  it('handles a message in a CONSUMER span that is a child of the producer span', async () => {
    const sent = await outsideTraces(() =>
      inRequest(() => withProducerSpan(info, undefined, async (headers) => headers)),
    );
    let activeInHandler: string | undefined;
    await outsideTraces(() =>
      withConsumerSpan({ ...info, destination: 'auth.users-events' }, sent.result, async () => {
        activeInHandler = trace.getActiveSpan()?.spanContext().spanId;
      }),
    );
    const spans = exporter.getFinishedSpans();
    const producer = spans.find((span) => span.kind === SpanKind.PRODUCER);
    const consumer = spans.find((span) => span.kind === SpanKind.CONSUMER);
    expect(consumer?.name).toBe('process users.user.created.v1');
    expect(consumer?.spanContext().traceId).toBe(sent.traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(activeInHandler).toBe(consumer?.spanContext().spanId);
  });

  it('marks the span failed when the handler throws, and rethrows', async () => {
    await expect(withConsumerSpan(info, {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const [consumer] = exporter.getFinishedSpans();
    expect(consumer.status).toMatchObject({ code: 2, message: 'boom' });
    expect(consumer.parentSpanContext).toBeUndefined();
  });

  it('keeps the active context after the work', async () => {
    const before = context.active();
    await withConsumerSpan(info, {}, async () => undefined);
    expect(context.active()).toBe(before);
  });
});
