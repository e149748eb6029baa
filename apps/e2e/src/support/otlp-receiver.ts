import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** OTLP span kinds (not the API's: OTLP counts from UNSPECIFIED = 0). */
export const OtlpSpanKind = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, unknown>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };
type OtlpTime = string | number | { low: number; high: number };
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: OtlpTime;
  endTimeUnixNano: OtlpTime;
  attributes?: OtlpAttribute[];
}
interface OtlpExport {
  resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

const valueOf = (value: OtlpValue): unknown =>
  value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
const attributesOf = (attributes: OtlpAttribute[] = []) =>
  Object.fromEntries(attributes.map(({ key, value }) => [key, valueOf(value)]));
const nanos = (time: OtlpTime): bigint =>
  typeof time === 'object' ? (BigInt(time.high >>> 0) << 32n) + BigInt(time.low >>> 0) : BigInt(time);

/**
 * A minimal OTLP/HTTP JSON receiver in the test process (what Jaeger or a collector would be):
 * keeps every span the apps export to POST /v1/traces.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const receiver: OtlpReceiver = new OtlpReceiver(
      createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          if (request.method !== 'POST' || request.url !== '/v1/traces') {
            response.writeHead(404).end();
            return;
          }
          try {
            const raw = Buffer.concat(chunks);
            const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
            receiver.collect(JSON.parse(body.toString('utf8')) as OtlpExport);
            response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
          } catch (error) {
            response.writeHead(400).end(String(error));
          }
        });
      }),
    );
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    return closed;
  }

  private collect(body: OtlpExport): void {
    for (const { resource, scopeSpans = [] } of body.resourceSpans ?? []) {
      const service = String(attributesOf(resource?.attributes)['service.name'] ?? 'unknown');
      for (const span of scopeSpans.flatMap((scope) => scope.spans ?? [])) {
        this.spans.push({
          service,
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || undefined,
          name: span.name,
          kind: span.kind,
          startNs: nanos(span.startTimeUnixNano),
          endNs: nanos(span.endTimeUnixNano),
          attributes: attributesOf(span.attributes),
        });
      }
    }
  }
}

/**
 * One trace as an indented tree, children in start order: service, span name (SQL spans with the
 * start of their statement, without the per-run database name), kind, start offset, duration.
 */
export function renderTrace(spans: ReceivedSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = (parent: string | undefined) =>
    spans
      .filter((span) =>
        parent === undefined ? !span.parentSpanId || !ids.has(span.parentSpanId) : span.parentSpanId === parent,
      )
      .sort((a, b) => (a.startNs < b.startNs ? -1 : 1));
  const origin = spans.reduce((min, span) => (span.startNs < min ? span.startNs : min), spans[0]?.startNs ?? 0n);
  const ms = (ns: bigint) => (Number(ns) / 1e6).toFixed(1);
  const kinds = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
  const lines: string[] = [];
  const sql = (span: ReceivedSpan) => {
    const text = span.attributes['db.query.text'] ?? span.attributes['db.statement'];
    return typeof text === 'string' ? ` ${text.replace(/\s+/g, ' ').slice(0, 48)}${text.length > 48 ? '…' : ''}` : '';
  };
  const walk = (span: ReceivedSpan, depth: number) => {
    const label = `${'  '.repeat(depth)}${span.service.padEnd(8)} ${span.name.replace(/^(pg\.query:\w+) .*/, '$1')}${sql(span)}`;
    lines.push(
      `${label.padEnd(84)} ${kinds[span.kind]?.padEnd(8) ?? ''} +${ms(span.startNs - origin).padStart(6)} ms ${ms(span.endNs - span.startNs).padStart(6)} ms`,
    );
    children(span.spanId).forEach((child) => walk(child, depth + 1));
  };
  children(undefined).forEach((root) => walk(root, 0));
  return lines.join('\n');
}
