import { UsersEvents } from '@platform/contracts';
import { waitFor } from '@platform/testing';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { http } from './support/http';
import { OtlpReceiver, OtlpSpanKind, renderTrace, type ReceivedSpan } from './support/otlp-receiver';
import { startPlatform, type Platform } from './support/platform';

/** Request log lines of one app's output (JSON, one object per line). */
function requestLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line['msg'] === 'request');
}

describe('tracing across gateway, users, PostgreSQL, RabbitMQ and auth', () => {
  let receiver: OtlpReceiver;
  let platform: Platform;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
    platform = await startPlatform({ env: { gateway: otel, users: otel, auth: otel } });
  });

  afterAll(async () => {
    await platform?.stop();
    await receiver?.stop();
  });

  it('makes one trace from the client request to the consumer of its event in another service', async () => {
    // The client starts the trace, so the test knows its id (the gateway continues it).
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    // Warm up first: the admin's login, and the gateway's and users' first fetch of auth's JWKS,
    // belong to traces of their own, not to the one under test.
    const admin = await platform.adminHeaders();
    expect((await http(platform.gatewayUrl, 'GET', '/api/v1/users?limit=1', undefined, admin)).status).toBe(200);
    const created = await http(
      platform.gatewayUrl,
      'POST',
      '/api/v1/users',
      { email: 'traced@example.com', name: 'Tracy' },
      {
        ...admin,
        traceparent: `00-${traceId}-${clientSpanId}-01`,
      },
    );
    expect(created.status).toBe(201);

    const find = (
      spans: ReceivedSpan[],
      service: string,
      kind: number,
      test: (span: ReceivedSpan) => boolean = () => true,
    ) => spans.find((span) => span.service === service && span.kind === kind && test(span));
    // Auth's consumer runs after the relay has published: its span (and the inbox's SQL) come last.
    const spans = await waitFor(
      () => {
        const trace = receiver.trace(traceId);
        const consumer = find(trace, 'auth', OtlpSpanKind.consumer);
        // Each process exports on its own schedule: wait until users' and the gateway's batches have arrived too.
        const usersExported = trace.some((span) => span.service === 'users' && span.kind === OtlpSpanKind.producer);
        const gatewayExported = trace.some((span) => span.service === 'gateway' && span.kind === OtlpSpanKind.client);
        return (
          consumer &&
          usersExported &&
          gatewayExported &&
          trace.some((span) => span.parentSpanId === consumer.spanId) &&
          trace
        );
      },
      20_000,
      `auth's consumer span in trace ${traceId}`,
    );

    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['gateway', 'users', 'auth']));
    const gatewayServer = find(spans, 'gateway', OtlpSpanKind.server);
    const gatewayClient = find(spans, 'gateway', OtlpSpanKind.client);
    const usersServer = find(spans, 'users', OtlpSpanKind.server);
    const usersSql = spans.filter(
      (span) => span.service === 'users' && span.attributes['db.system.name'] === 'postgresql',
    );
    const outboxInsert = usersSql.find((span) => String(span.attributes['db.query.text']).includes('outbox_messages'));
    const producer = find(spans, 'users', OtlpSpanKind.producer);
    const consumer = find(spans, 'auth', OtlpSpanKind.consumer);
    const authSql = spans.filter(
      (span) => span.service === 'auth' && span.attributes['db.system.name'] === 'postgresql',
    );

    expect(gatewayServer).toMatchObject({ name: 'POST /api/v1/users', parentSpanId: clientSpanId });
    expect(gatewayClient?.parentSpanId).toBe(gatewayServer?.spanId);
    expect(usersServer).toMatchObject({ name: 'POST /v1/users', parentSpanId: gatewayClient?.spanId });
    expect(usersSql.length).toBeGreaterThan(0);
    expect(outboxInsert?.parentSpanId).toBe(usersServer?.spanId);
    // Published later by the relay, yet under the request that recorded the event.
    expect(producer).toMatchObject({ name: `publish ${UsersEvents.UserCreated}`, parentSpanId: usersServer?.spanId });
    expect(producer?.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': platform.exchange,
    });
    expect(consumer).toMatchObject({ name: `process ${UsersEvents.UserCreated}`, parentSpanId: producer?.spanId });
    expect(consumer?.attributes).toMatchObject({ 'messaging.destination.name': platform.authQueue });
    expect(authSql.length).toBeGreaterThan(0);
    expect(authSql.every((span) => span.parentSpanId === consumer?.spanId)).toBe(true);
    // Timers (the relay's polling) and probes start no traces of their own.
    expect(receiver.spans.filter((span) => span.attributes['http.route'] === '/health/ready')).toEqual([]);

    // The request lines of gateway and users carry the trace id and their own server span.
    const usersLine = requestLines(platform.processes.users.output).find((line) => line['traceId'] === traceId);
    expect(usersLine).toMatchObject({ method: 'POST', route: '/v1/users', status: 201, spanId: usersServer?.spanId });
    const gatewayLine = requestLines(platform.processes.gateway.output).find((line) => line['traceId'] === traceId);
    expect(gatewayLine).toMatchObject({ method: 'POST', status: 201, spanId: gatewayServer?.spanId });
    expect(usersLine?.['requestId']).toBe(gatewayLine?.['requestId']);

    const example = process.env['TRACE_EXAMPLE_FILE'];
    if (example) {
      mkdirSync(dirname(example), { recursive: true });
      writeFileSync(example, `${renderTrace(spans)}\n`);
    }
  });
});
