import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  API_SECURITY_HEADERS,
  ProblemTypes,
  REQUEST_ID_HEADER,
  requestIdFrom,
  toProblem,
  type RequestInterceptor,
} from '@platform/util-http';
import {
  METRICS_REGISTRY,
  nameServerSpan,
  REQUEST_LOG,
  type MetricsRegistry,
  type RequestLine,
  type RequestLog,
} from '@platform/util-observability';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { EdgeAuthenticator } from '../auth/edge-authenticator';
import { corsResponseHeaders } from '../policies/cors/cors-policy';
import { GATEWAY_OPTIONS, type GatewayOptions } from '../gateway.options';
import { AuthFailureLimiter } from '../policies/rate-limit/auth-failure-limiter';
import { RoutePolicies, type RoutePolicy } from '../policies/route-policies';
import { UpstreamMetrics } from '../proxy/upstream-metrics';
import type { RouteDefinition } from '../routing/route-table';
import { publicLocation } from '../routing/public-location';
import { removedPrefix } from '../routing/validate-route-table';
import { Upstreams } from '../upstreams/upstreams';
import { ClientAddressing } from './client-address';
import { EdgeExchange, mergeHeaders } from './edge-exchange';
import { forward, type ForwardTarget } from './forward';
import { BodyAborted, BodyTooLarge, readBody } from './request-body';

/** Methods forwarded. OPTIONS is Fastify's (CORS preflights); anything else gets Fastify's 404. */
const FORWARDED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT']);

/** A route of the table, compiled for the request path. */
interface EdgeRoute {
  definition: RouteDefinition;
  /** Route templates for logs, metrics and spans: the prefix itself, or everything below it. */
  exact: string;
  below: string;
  /** Security (API_SECURITY_HEADERS) and deprecation headers: every answer on the route carries them. */
  headers: Readonly<OutgoingHttpHeaders>;
  policy: RoutePolicy;
  target: ForwardTarget;
}

/**
 * The gateway's proxy path. It takes the route table's requests straight off the HTTP server
 * (util-http's FrontDoor), ahead of Fastify and Nest, and runs each through the route's pipeline:
 * token check at the edge (bearer routes, failed checks limited per address), rate limit,
 * response cache, then forwarding over the upstream's pools, with one log line and request metrics
 * at the end. Everything else (health, metrics, docs, CORS preflights, unknown paths) goes on to
 * Fastify.
 *
 * Bare Node request and response objects, no per-request streams, and synchronous steps wherever
 * the answer is already in memory: the path costs about what the plainest Node proxy does, with
 * every policy on (see the README's benchmark).
 */
@Injectable()
export class ProxyEdge implements RequestInterceptor, BeforeApplicationShutdown {
  private readonly logger = new Logger('ProxyEdge');
  private routes: EdgeRoute[] = [];
  private closing = false;
  private readonly addressing: ClientAddressing;
  private readonly cors: ReturnType<typeof corsResponseHeaders>;

  constructor(
    private readonly upstreams: Upstreams,
    private readonly upstreamMetrics: UpstreamMetrics,
    private readonly authenticator: EdgeAuthenticator,
    private readonly policies: RoutePolicies,
    private readonly authFailures: AuthFailureLimiter,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
    @Optional() @Inject(METRICS_REGISTRY) private readonly metrics?: MetricsRegistry,
    @Optional() @Inject(REQUEST_LOG) private readonly requestLog?: RequestLog,
  ) {
    this.addressing = new ClientAddressing(options.trustedProxies);
    this.cors = corsResponseHeaders(options.corsOrigins);
  }

  /** Serves `routes` (validated) from now on. */
  serve(routes: readonly RouteDefinition[]): this {
    this.routes = [...routes]
      .sort((a, b) => b.prefix.length - a.prefix.length)
      .map((definition) => {
        const policy = this.policies.forRoute(definition);
        const target: ForwardTarget = {
          route: definition,
          cluster: this.upstreams.get(definition.upstream),
          timeoutMs: definition.timeoutMs ?? this.options.timeoutMs,
          removedPrefix: removedPrefix(definition),
          publicLocation: (location) => publicLocation(routes, definition.upstream, location),
          policy,
          addressing: this.addressing,
          observe: (outcome, seconds) => this.upstreamMetrics.observe(definition.upstream, outcome, seconds),
        };
        const headers = Object.freeze({ ...API_SECURITY_HEADERS, ...policy.headers });
        return { definition, exact: definition.prefix, below: `${definition.prefix}/*`, headers, policy, target };
      });
    return this;
  }

  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url;
    if (url === undefined || !FORWARDED_METHODS.has(request.method as string)) return false;
    const route = this.match(url);
    if (!route) return false;
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    const headers: OutgoingHttpHeaders = { ...route.headers, [REQUEST_ID_HEADER]: requestId };
    const cors = this.cors(request.headers.origin);
    if (cors) mergeHeaders(headers, cors);
    const exchange = new EdgeExchange(request, response, requestId, headers, this.addressing.addressOf);
    const template = url.length === route.exact.length || url[route.exact.length] === '?' ? route.exact : route.below;
    exchange.span = nameServerSpan(exchange.method, template);
    response.on('close', () => this.record(exchange, template));
    this.run(route, exchange).catch((error: unknown) => this.unexpected(exchange, error));
    return true;
  }

  /** New requests get 503 (and their connection closed) once shutdown begins; those in flight finish. */
  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  /** The longest prefix that owns the path: the path is the prefix, or continues with / or ?. */
  private match(url: string): EdgeRoute | undefined {
    for (const route of this.routes) {
      if (!url.startsWith(route.exact)) continue;
      const next = url[route.exact.length];
      if (next === undefined || next === '/' || next === '?') return route;
    }
    return undefined;
  }

  private async run(route: EdgeRoute, exchange: EdgeExchange): Promise<void> {
    if (this.closing) return exchange.fail(SHUTTING_DOWN, { connection: 'close' });
    if (route.definition.access === 'bearer') {
      const found = this.authenticate(exchange);
      if (!(found instanceof Promise ? await found : found)) return;
    }
    const admitted = route.policy.admit(exchange);
    if (!(admitted instanceof Promise ? await admitted : admitted)) return;
    const reading = readBody(exchange.request, this.options.bodyLimitBytes);
    await forward(exchange, route.target, reading && (await reading));
  }

  /**
   * True once the caller is known; false once answered: 401, or 429 for an address with too many
   * failed authentications (refused before its token costs a verification). The check is a map
   * lookup and a known token answers synchronously: a good request pays no round trip for either.
   */
  private authenticate(exchange: EdgeExchange): boolean | Promise<boolean> {
    const address = exchange.clientAddress;
    const wait = this.authFailures.retryAfterSeconds(address);
    if (wait > 0) {
      exchange.fail(this.authFailures.problem(wait), { 'retry-after': String(wait) });
      return false;
    }
    const found = this.authenticator.authenticate(exchange);
    if (found instanceof Promise)
      return found.then((caller) => caller !== undefined || this.refused(exchange, address));
    return found !== undefined || this.refused(exchange, address);
  }

  /** After a refusal: a token presented and refused (401) counts against the address; a 503 (no keys) does not. */
  private async refused(exchange: EdgeExchange, address: string): Promise<false> {
    // A request without credentials guessed nothing: it gets its 401 without counting.
    if (exchange.response.statusCode === 401 && exchange.request.headers.authorization !== undefined)
      await this.authFailures.recordFailure(address);
    return false;
  }

  private unexpected(exchange: EdgeExchange, error: unknown): void {
    if (error instanceof BodyAborted) return;
    if (error instanceof BodyTooLarge) {
      // The rest of the body is not read: closing the connection is the only way past it.
      return exchange.fail(
        { type: ProblemTypes.blank, title: 'Payload Too Large', status: 413, detail: error.message },
        { connection: 'close' },
      );
    }
    this.logger.error(`${exchange.method} ${exchange.path} failed: ${(error as Error)?.stack ?? error}`);
    exchange.fail(toProblem(error, exchange.path));
  }

  /** The request's line and metrics, once its answer is complete or the client has gone. */
  private record(exchange: EdgeExchange, route: string): void {
    const { response } = exchange;
    // The client went away before the whole answer: stop the upstream's work for it.
    if (!response.writableFinished) exchange.cancellation.abort();
    // 499 (nginx's "client closed request"): no answer reached the client.
    const status = response.headersSent ? response.statusCode : 499;
    const latencyMs = performance.now() - exchange.startedAt;
    this.metrics?.observeRequest(exchange.method, route, status, latencyMs / 1000);
    const line: RequestLine = {
      requestId: exchange.requestId,
      method: exchange.method,
      route,
      status,
      latencyMs: Math.round(latencyMs * 10) / 10,
    };
    const spanContext = exchange.span?.spanContext();
    if (spanContext) {
      line.traceId = spanContext.traceId;
      line.spanId = spanContext.spanId;
    }
    if (exchange.caller) line.callerId = exchange.caller.id;
    this.requestLog?.write(line);
  }
}

const SHUTTING_DOWN = {
  type: ProblemTypes.blank,
  title: 'Service Unavailable',
  status: 503,
  detail: 'The gateway is shutting down. Retry on another connection.',
};
