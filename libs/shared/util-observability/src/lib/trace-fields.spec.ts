import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { registerTracerProvider } from '@platform/util-tracing';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { logRequests } from './request-log';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
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

  it('gives the request line the ids of the server span, and names that span by route', async () => {
    const { lines, logger } = capture();
    const app = Fastify({ loggerInstance: logger, logController: new LogController({ disableRequestLogging: true }) });
    logRequests(app as unknown as FastifyInstance);
    app.get('/v1/things/:id', async () => ({ ok: true }));
    await app.ready();
    // Stands in for the HTTP instrumentation, which runs the request inside its server span.
    await tracer.startActiveSpan('GET', async (span) => {
      await app.inject({ method: 'GET', url: '/v1/things/42' });
      span.end();
      const line = lines.find((entry) => entry['msg'] === 'request');
      expect(line).toMatchObject({
        route: '/v1/things/:id',
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
      });
    });
    expect(exporter.getFinishedSpans().find((span) => span.attributes['http.route'])).toMatchObject({
      name: 'GET /v1/things/:id',
    });
    await app.close();
  });
});
