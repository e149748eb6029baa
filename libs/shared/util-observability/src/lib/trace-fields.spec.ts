import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { registerTracerProvider } from '@platform/util-tracing';
import { Writable } from 'node:stream';
import { createLogger } from './logger';

const provider = new TracerProvider({
  spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })],
});
registerTracerProvider(provider);
const tracer = trace.getTracer('test');

afterAll(() => provider.shutdown());

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'users', level: 'log', format: 'json' }, stream) };
}

describe('trace ids in log lines', () => {
  it('names the active span in every line written inside it, and nothing outside a span', () => {
    const { lines, logger } = capture();
    logger.info('outside');
    tracer.startActiveSpan('work', (span) => {
      logger.info('inside');
      expect(lines[1]).toMatchObject({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId });
      span.end();
    });
    expect(lines[0]).not.toHaveProperty('traceId');
  });
});
