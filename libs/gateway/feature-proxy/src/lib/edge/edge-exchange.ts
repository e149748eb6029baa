import type { Span } from '@opentelemetry/api';
import type { Caller } from '@platform/util-auth';
import { writeProblem, type ProblemDetails } from '@platform/util-http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** A cache entry waiting for the upstream's answer: its key, tags and the lookup's sequence. */
export interface PendingCacheEntry {
  key: string;
  tags: string[];
  seq: number;
}

/** Bodies up to this size are written together with the head (see answer()). */
const ONE_WRITE_MAX_BYTES = 16 * 1024;

/** Headers several parties may contribute to: values are joined, not replaced. */
const LIST_HEADERS = new Set(['vary', 'link']);

/** Adds `extra` to `target`; for list headers (Vary, Link) both values are kept. */
export function mergeHeaders(target: OutgoingHttpHeaders, extra: OutgoingHttpHeaders): OutgoingHttpHeaders {
  for (const name in extra) {
    const existing = target[name];
    target[name] = existing !== undefined && LIST_HEADERS.has(name) ? `${existing}, ${extra[name]}` : extra[name];
  }
  return target;
}

/**
 * One request on the gateway's proxy path, from its arrival to the end of its answer: the bare
 * Node request and response, the route that owns it, the caller once known, and the headers every
 * answer to it carries whoever writes it (request id, security, CORS, deprecation, rate limit).
 */
export class EdgeExchange {
  readonly startedAt = performance.now();
  /** Aborts the upstream request when the client goes away before its answer. */
  readonly cancellation = new AbortController();
  caller?: Caller;
  /** The request's server span, when tracing is on. */
  span?: Span;
  /** Where the route's cache is to store this GET's answer (RouteCache sets it on a miss). */
  pendingCacheEntry?: PendingCacheEntry;
  private pathOnly?: string;
  private address?: string;

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly requestId: string,
    /** The request's own answer headers (a copy: policies add to it). */
    readonly headers: OutgoingHttpHeaders,
    private readonly addressOf: (request: IncomingMessage) => string,
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
    return (this.address ??= this.addressOf(this.request));
  }

  /** Answers with problem details (and `extra` headers); a no-op once an answer has started. */
  fail(problem: ProblemDetails, extra?: OutgoingHttpHeaders): void {
    if (this.response.headersSent) {
      // Half an answer is out: the only honest thing left is to cut the connection.
      this.response.destroy();
      return;
    }
    const headers = extra ? mergeHeaders({ ...this.headers }, extra) : this.headers;
    writeProblem(this.response, { ...problem, instance: problem.instance ?? this.path }, this.requestId, headers);
  }

  /** Answers at once: the upstream's headers (filtered) with the request's own, and the body. */
  answer(status: number, upstreamHeaders: OutgoingHttpHeaders, body?: Buffer): void {
    this.response.writeHead(status, mergeHeaders(upstreamHeaders, this.headers));
    // A small body goes out as a byte-for-byte latin1 string: Node then sends head and body as
    // one string write, where a Buffer takes a corked two-chunk writev.
    if (body && body.length <= ONE_WRITE_MAX_BYTES) this.response.end(body.toString('latin1'), 'latin1');
    else this.response.end(body);
  }

  /** Starts an answer whose body follows with write()/end() (large or unknown length). */
  startAnswer(status: number, upstreamHeaders: OutgoingHttpHeaders): void {
    this.response.writeHead(status, mergeHeaders(upstreamHeaders, this.headers));
  }
}
