import { trace, type Span } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { traceFields } from './logger';

/** DI token of the app's RequestLog. */
export const REQUEST_LOG = Symbol('REQUEST_LOG');

/** What one request's line says. Bodies and headers are never part of it. */
export interface RequestLine {
  requestId: string;
  method: string;
  /** The route template (bounded, no ids), or `unmatched`. */
  route: string;
  status: number;
  latencyMs: number;
  traceId?: string;
  spanId?: string;
  callerId?: string;
}

/** The levels a request line is written at, by pino's name. */
type LineLevel = 'debug' | 'info' | 'error';

/**
 * One line per request when it completes: method, route template, status, latency, the caller
 * when known, the request id, and with tracing on the trace and span ids of the request's server
 * span. Health probes are logged at debug, so they do not drown the rest; 5xx at error.
 *
 * The line is serialized here rather than by pino's generic object walk: it is written once for
 * every request, and its fields are few and fixed. It goes to the same destination, after the same
 * level check, timestamp and bindings, so it is the line pino would write (request-log.spec.ts
 * compares the two byte for byte). Request lines hold only RequestLine's fields, never headers or
 * bodies, so they need no redaction.
 */
export class RequestLog {
  private readonly logger: Logger;
  private readonly destination: { write(line: string): unknown };
  private readonly time: () => string;
  private readonly bindings: string;
  /** The opening of a line at each level (`{"level":"info"`), as pino's level formatter made it. */
  private readonly openings: Record<LineLevel, string>;

  constructor(logger: Logger) {
    const internals = logger as unknown as Record<symbol, unknown>;
    const { streamSym, timeSym, chindingsSym, lsCacheSym } = pino.symbols;
    this.logger = logger;
    this.destination = internals[streamSym] as RequestLog['destination'];
    this.time = internals[timeSym] as () => string;
    this.bindings = internals[chindingsSym] as string;
    const opening = (level: LineLevel) =>
      (internals[lsCacheSym] as Record<number, string>)[logger.levels.values[level] as number] as string;
    this.openings = { debug: opening('debug'), info: opening('info'), error: opening('error') };
  }

  write(line: RequestLine): void {
    const level: LineLevel = line.route.startsWith('/health') ? 'debug' : line.status >= 500 ? 'error' : 'info';
    if (!this.logger.isLevelEnabled(level)) return;
    // pino's mixin names the active span when the line does not name one.
    const trace = line.traceId === undefined ? traceFields() : line;
    this.destination.write(
      this.openings[level] +
        this.time() +
        this.bindings +
        `,"requestId":${JSON.stringify(line.requestId)},"method":${JSON.stringify(line.method)},"route":${JSON.stringify(line.route)}` +
        `,"status":${jsonNumber(line.status)},"latencyMs":${jsonNumber(line.latencyMs)}` +
        (trace.traceId === undefined
          ? ''
          : `,"traceId":${JSON.stringify(trace.traceId)},"spanId":${JSON.stringify(trace.spanId)}`) +
        (line.callerId === undefined ? '' : `,"callerId":${JSON.stringify(line.callerId) ?? 'null'}`) +
        ',"msg":"request"}\n',
    );
  }
}

/** A number as pino writes it: non-finite ones as null. */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/** Names the active server span after the route template (the instrumentation names it by method only). */
export function nameServerSpan(method: string, route: string): Span | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  span.updateName(`${method} ${route}`);
  span.setAttribute('http.route', route);
  return span;
}
