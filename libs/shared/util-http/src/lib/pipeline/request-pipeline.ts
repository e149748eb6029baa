import type { FastifyHttpOptions, FastifyInstance } from 'fastify';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { REQUEST_ID_HEADER, requestIdFrom } from '../app/request-id';
import { ProblemTypes } from '../problem/problem-details';
import { ClientAddressing } from './client-addressing';
import { CorsPolicy } from './cors';
import { attachExchange, Exchange, exchangeOf, mergeHeaders, UNMATCHED_ROUTE } from './exchange';
import { SecurityHeaders } from '../app/security-headers';

export interface RequestPipelineOptions {
  /** Largest request body accepted, in bytes. A larger declared Content-Length is a 413 at once. */
  bodyLimitBytes: number;
  /** Proxies (addresses, CIDRs) whose X-Forwarded-For, -Proto and -Host are believed. */
  trustedProxies: readonly string[];
  /** Browser origins allowed to call the app (CORS); none when empty. */
  corsOrigins: readonly string[];
  /** Path prefixes of HTML documents (Swagger UI): they get the document security headers. */
  documentPaths: readonly string[];
}

/**
 * Takes a request the pipeline has begun, ahead of the app's router, or declines it (false). The
 * gateway's proxy path is one: it answers through the exchange, and must call `routeTo`.
 */
export interface ExchangeHandler {
  handle(exchange: Exchange): boolean;
}

/** Told of every exchange once it is over, whoever answered it: status 499 when the client left first. */
export type ExchangeObserver = (exchange: Exchange, status: number, latencyMs: number) => void;

const SHUTTING_DOWN = {
  type: ProblemTypes.blank,
  title: 'Service Unavailable',
  status: 503,
  detail: 'The app is shutting down. Retry on another connection.',
};

/** The route template of CORS preflights: one for every path, like any catch-all route. */
const PREFLIGHT_ROUTE = '*';

/**
 * The one request pipeline of an app: every request on its HTTP server goes through it, whether
 * the gateway's proxy path answers it or Fastify's router does (docs, health, the services' API).
 *
 * - begin: request id, the request's answer headers (security, request id, CORS), the client's
 *   address (trusted proxies), the 503 while shutting down, the body limit, CORS preflights;
 * - then the handler (the proxy path), if any takes it, else Fastify, which finds the exchange
 *   with exchangeOf(request.raw) and names its route (attachTo);
 * - end, when the response closes: every observer (the log line, request metrics; the gateway's
 *   call record) sees the exchange, its status and latency.
 *
 * A concern added here applies to every route of the app, once.
 */
export class RequestPipeline {
  readonly addressing: ClientAddressing;
  readonly cors: CorsPolicy;
  private readonly security: SecurityHeaders;
  private readonly observers: ExchangeObserver[] = [];
  private handler?: ExchangeHandler;
  private closing = false;

  constructor(readonly options: Readonly<RequestPipelineOptions>) {
    this.addressing = new ClientAddressing(options.trustedProxies);
    this.cors = new CorsPolicy(options.corsOrigins);
    this.security = new SecurityHeaders(options.documentPaths);
  }

  /** Puts `handler` ahead of the app's router (one: the gateway's proxy path). */
  useHandler(handler: ExchangeHandler): void {
    this.handler = handler;
  }

  /** Adds a step to the end of every exchange. */
  observe(observer: ExchangeObserver): void {
    this.observers.push(observer);
  }

  /** From now on, new requests get 503 and their connection closed; those in flight finish. */
  close(): void {
    this.closing = true;
  }

  /**
   * Fastify's `serverFactory`: the HTTP/1.1 server and limits Fastify would create, whose every
   * request begins here and goes on to `fastifyHandler` unless the handler takes it.
   */
  serverFactory() {
    return (
      fastifyHandler: (request: IncomingMessage, response: ServerResponse) => void,
      options: FastifyHttpOptions<Server>,
    ): Server => {
      const server = createServer(options.http ?? {}, (request, response) =>
        this.begin(request, response, fastifyHandler),
      );
      if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
      if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
      if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
      server.setTimeout(options.connectionTimeout ?? 0);
      return server;
    };
  }

  /** Fastify's `genReqId`: the id the pipeline gave the request, so Fastify's logs and problems carry it. */
  readonly requestIdOf = (request: IncomingMessage): string =>
    exchangeOf(request)?.requestId ?? requestIdFrom(request.headers[REQUEST_ID_HEADER]);

  /** Lets Fastify's routes name their exchange's route (logs, metrics, span) once the router has matched. */
  attachTo(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, _reply, done) => {
      exchangeOf(request.raw)?.routeTo(request.routeOptions.url ?? UNMATCHED_ROUTE);
      done();
    });
  }

  /** Begins an exchange: everything every request needs before anything answers it. */
  begin(
    request: IncomingMessage,
    response: ServerResponse,
    next: (request: IncomingMessage, response: ServerResponse) => void,
  ): void {
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    const url = request.url ?? '/';
    const headers: OutgoingHttpHeaders = { ...this.security.headersFor(url), [REQUEST_ID_HEADER]: requestId };
    const cors = this.cors.headersFor(request.headers.origin);
    if (cors) mergeHeaders(headers, cors);
    const exchange = new Exchange(request, response, requestId, headers, this.addressing);
    response.on('close', () => this.end(exchange));
    if (this.closing) return exchange.fail(SHUTTING_DOWN, { connection: 'close' });
    if (this.declaredTooLarge(request)) return exchange.fail(this.tooLarge(), { connection: 'close' });
    if (request.method === 'OPTIONS' && this.cors.preflightHeaders)
      return this.preflight(exchange, this.cors.preflightHeaders);
    if (this.handler?.handle(exchange)) return;
    attachExchange(exchange);
    for (const name in headers) response.setHeader(name, headers[name] as string);
    next(request, response);
  }

  /** The problem of a body over the limit; the rest of it is not read, so the connection must close. */
  tooLarge() {
    return {
      type: ProblemTypes.blank,
      title: 'Payload Too Large',
      status: 413,
      detail: `The request body exceeds ${this.options.bodyLimitBytes} bytes.`,
    };
  }

  private declaredTooLarge(request: IncomingMessage): boolean {
    const length = request.headers['content-length'];
    return length !== undefined && Number(length) > this.options.bodyLimitBytes;
  }

  private preflight(exchange: Exchange, preflightHeaders: Readonly<OutgoingHttpHeaders>): void {
    exchange.routeTo(PREFLIGHT_ROUTE);
    exchange.response.writeHead(204, { ...exchange.headers, ...preflightHeaders }).end();
  }

  private end(exchange: Exchange): void {
    exchange.ended();
    const { response } = exchange;
    // 499 (nginx's "client closed request"): no answer reached the client.
    const status = response.headersSent ? response.statusCode : 499;
    const latencyMs = performance.now() - exchange.startedAt;
    for (const observer of this.observers) observer(exchange, status, latencyMs);
  }
}
