import { trace, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** Who made the request, once authentication exists (set by the auth layer on the request). */
export const CALLER_ID = Symbol('callerId');

/** DI token of the app's RequestLog. */
export const REQUEST_LOG = Symbol('REQUEST_LOG');

/** The request's server span (tracing on), kept for its line: onResponse may run outside it. */
const SERVER_SPAN = Symbol('serverSpan');

type WithExtras = FastifyRequest & { [SERVER_SPAN]?: Span; [CALLER_ID]?: unknown };

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
  callerId?: unknown;
}

/**
 * One line per request when it completes: method, route template, status, latency, the caller
 * when known, the request id, and with tracing on the trace and span ids of the request's server
 * span. Health probes are logged at debug, so they do not drown the rest; 5xx at error.
 */
export class RequestLog {
  private readonly lines: Logger;

  constructor(logger: Logger) {
    // Request lines hold only RequestLine's fields (never headers or bodies), so they skip the
    // logger's redaction, which cost about 5% of a proxied request's CPU in the gateway.
    this.lines = logger.child({}, { redact: { paths: [] } });
  }

  write(line: RequestLine): void {
    if (line.route.startsWith('/health')) this.lines.debug(line, 'request');
    else if (line.status >= 500) this.lines.error(line, 'request');
    else this.lines.info(line, 'request');
  }
}

/** Names the active server span after the route template (the instrumentation names it by method only). */
export function nameServerSpan(method: string, route: string): Span | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  span.updateName(`${method} ${route}`);
  span.setAttribute('http.route', route);
  return span;
}

/** Writes every Fastify request's line (see RequestLog). */
export function logRequests(fastify: FastifyInstance, requestLog = new RequestLog(fastify.log as Logger)): void {
  fastify.addHook('onRequest', (request: WithExtras, _reply, done) => {
    const span = nameServerSpan(request.method, request.routeOptions.url ?? 'unmatched');
    if (span) request[SERVER_SPAN] = span;
    done();
  });
  fastify.addHook('onResponse', (request: WithExtras, reply: FastifyReply, done) => {
    const spanContext = request[SERVER_SPAN]?.spanContext();
    requestLog.write({
      requestId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      latencyMs: Math.round(reply.elapsedTime * 10) / 10,
      ...(spanContext && { traceId: spanContext.traceId, spanId: spanContext.spanId }),
      ...(request[CALLER_ID] !== undefined && { callerId: request[CALLER_ID] }),
    });
    done();
  });
}
