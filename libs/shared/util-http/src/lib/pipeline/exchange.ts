import type { Span } from '@opentelemetry/api';
import { nameServerSpan } from '@platform/util-observability';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { type ProblemDetails } from '../problem/problem-details';
import { problemBody, problemHeaders } from '../problem/problem-body';
import type { ClientAddressing } from './client-addressing';

/** Bodies up to this size are written together with the head (see answer()). */
const ONE_WRITE_MAX_BYTES = 16 * 1024;

/** Headers several parties may contribute to: values are joined, not replaced. */
const LIST_HEADERS = new Set(['vary', 'link']);

/** Adds `extra` to `target`; for list headers (Vary, Link) both values are kept. */
export function mergeHeaders(target: OutgoingHttpHeaders, extra: Readonly<OutgoingHttpHeaders>): OutgoingHttpHeaders {
  for (const name in extra) {
    const existing = target[name];
    target[name] = existing !== undefined && LIST_HEADERS.has(name) ? `${existing}, ${extra[name]}` : extra[name];
  }
  return target;
}

/** Who made the request, once authenticated: the token's subject. */
export interface ExchangeCaller {
  readonly id: string;
}

/** The route template of a request no route owns (logs, metrics and spans stay bounded). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * One request, from its arrival to the end of its answer, as the request pipeline sees it: the bare
 * Node request and response, its id, the client's address, the route template that owns it once
 * known, the caller once authenticated, and the headers every answer to it carries whoever writes
 * it (request id, security, CORS; on the gateway's proxy path also deprecation and rate limits).
 *
 * The same object serves the gateway's proxy path, which answers through it, and the routes of
 * Fastify, which read it back with exchangeOf(): one request id, client address, log line and
 * metric per request, whichever path answers.
 */
export class Exchange {
  readonly startedAt = performance.now();
  /** The route template (`/api/v1/users/*`, `/health/ready`), for logs, metrics and the span. */
  route = UNMATCHED_ROUTE;
  caller?: ExchangeCaller;
  /** The request's server span, when tracing is on. */
  span?: Span;
  private controller?: AbortController;
  private pathOnly?: string;
  private address?: string;

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly requestId: string,
    /** The request's own answer headers (its own copy: policies add to it). */
    readonly headers: OutgoingHttpHeaders,
    private readonly addressing: ClientAddressing,
  ) {}

  get method(): string {
    return this.request.method as string;
  }

  get url(): string {
    return this.request.url as string;
  }

  /** The public path without the query: a problem's `instance`. */
  get path(): string {
    if (this.pathOnly === undefined) {
      const query = this.url.indexOf('?');
      this.pathOnly = query === -1 ? this.url : this.url.slice(0, query);
    }
    return this.pathOnly;
  }

  /** The client's address (X-Forwarded-For believed only from the trusted proxies). */
  get clientAddress(): string {
    return (this.address ??= this.addressing.addressOf(this.request));
  }

  /** The protocol the client used (X-Forwarded-Proto believed only from the trusted proxies). */
  get protocol(): string {
    return this.addressing.protocolOf(this.request);
  }

  /** The host the client asked for (X-Forwarded-Host believed only from the trusted proxies). */
  get host(): string | undefined {
    return this.addressing.hostOf(this.request);
  }

  /** Names the request's route (logs, metrics) and its server span, once a router has matched it. */
  routeTo(route: string): void {
    this.route = route;
    this.span = nameServerSpan(this.method, route);
  }

  /** Aborted when the client goes away before the whole answer: work done for it can stop. */
  get cancellation(): AbortSignal {
    return (this.controller ??= new AbortController()).signal;
  }

  /** Called by the pipeline when the exchange is over; aborts `cancellation` if the answer did not finish. */
  ended(): void {
    if (!this.response.writableFinished) this.controller?.abort();
  }

  /** Answers with problem details (and `extra` headers); cuts the connection once an answer has started. */
  fail(problem: ProblemDetails, extra?: Readonly<OutgoingHttpHeaders>): void {
    if (this.response.headersSent) {
      // Half an answer is out: the only honest thing left is to cut the connection.
      this.response.destroy();
      return;
    }
    const body = problemBody({ ...problem, instance: problem.instance ?? this.path }, this.requestId);
    const headers = mergeHeaders(extra ? mergeHeaders({ ...this.headers }, extra) : this.headers, problemHeaders(body));
    this.response.writeHead(problem.status, headers).end(body);
  }

  /** Answers at once: `headers` (the upstream's, filtered) with the request's own, and the body. */
  answer(status: number, headers: OutgoingHttpHeaders, body?: Buffer): void {
    this.response.writeHead(status, mergeHeaders(headers, this.headers));
    // A small body goes out as a byte-for-byte latin1 string: Node then sends head and body as
    // one string write, where a Buffer takes a corked two-chunk writev.
    if (body && body.length <= ONE_WRITE_MAX_BYTES) this.response.end(body.toString('latin1'), 'latin1');
    else this.response.end(body);
  }

  /** Starts an answer whose body follows with write()/end() (large or unknown length). */
  startAnswer(status: number, headers: OutgoingHttpHeaders): void {
    this.response.writeHead(status, mergeHeaders(headers, this.headers));
  }
}

const EXCHANGE = Symbol('exchange');

/** Ties the exchange to its request, for the code that only has the request (Fastify's routes, guards). */
export function attachExchange(exchange: Exchange): void {
  (exchange.request as IncomingMessage & { [EXCHANGE]?: Exchange })[EXCHANGE] = exchange;
}

/** The exchange of a request the pipeline took in (Fastify's `request.raw`); undefined for any other. */
export function exchangeOf(request: IncomingMessage): Exchange | undefined {
  return (request as IncomingMessage & { [EXCHANGE]?: Exchange })[EXCHANGE];
}
