import { Inject, Injectable, Logger } from '@nestjs/common';
import { RoutePolicies, type RoutePolicy } from '@platform/gateway-feature-policies';
import { publicLocation, removedPrefix, type RouteDefinition } from '@platform/gateway-util-routing';
import { UPSTREAMS_OPTIONS, UpstreamMetrics, Upstreams, type UpstreamsOptions } from '@platform/gateway-util-upstreams';
import { mergeHeaders, RequestPipeline, toProblem, type Exchange, type ExchangeHandler } from '@platform/util-http';
import type { OutgoingHttpHeaders } from 'node:http';
import { forward, type ForwardTarget } from './forward';
import { BodyAborted, BodyTooLarge, readBody } from './request-body';

/** Methods forwarded. OPTIONS is the pipeline's (CORS preflights); anything else gets Fastify's 404. */
const FORWARDED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT']);

/** A route of the table, compiled for the request path. */
interface EdgeRoute {
  definition: RouteDefinition;
  /** Route templates for logs, metrics and spans: the prefix itself, or everything below it. */
  exact: string;
  below: string;
  /** The route's own answer headers (deprecation), when it has any. */
  headers?: Readonly<OutgoingHttpHeaders>;
  policy: RoutePolicy;
  target: ForwardTarget;
}

/**
 * The gateway's proxy path: the request pipeline's handler for the route table's requests, ahead
 * of Fastify and Nest. The pipeline has begun each exchange (request id, security and CORS
 * headers, client address, body limit, the 503 while closing) and ends it (log line, metrics);
 * here each runs through its route's policies (authentication, rate limit, cache) and is
 * forwarded over the upstream's pools. Everything else (health, docs, unknown paths) goes on to
 * Fastify.
 *
 * Bare Node request and response objects, no per-request streams, and synchronous steps wherever
 * the answer is already in memory: the path costs about what the plainest Node proxy does, with
 * every policy on (see docs/benchmarks.md).
 */
@Injectable()
export class ProxyEdge implements ExchangeHandler {
  private readonly logger = new Logger('ProxyEdge');
  private routes: EdgeRoute[] = [];

  constructor(
    private readonly upstreams: Upstreams,
    private readonly upstreamMetrics: UpstreamMetrics,
    private readonly policies: RoutePolicies,
    private readonly pipeline: RequestPipeline,
    @Inject(UPSTREAMS_OPTIONS) private readonly options: UpstreamsOptions,
  ) {}

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
          observe: (outcome, seconds) => this.upstreamMetrics.observe(definition.upstream, outcome, seconds),
        };
        const headers = Object.keys(policy.headers).length > 0 ? policy.headers : undefined;
        return { definition, exact: definition.prefix, below: `${definition.prefix}/*`, headers, policy, target };
      });
    return this;
  }

  handle(exchange: Exchange): boolean {
    const url = exchange.url;
    if (!FORWARDED_METHODS.has(exchange.method)) return false;
    const route = this.match(url);
    if (!route) return false;
    exchange.routeTo(url.length === route.exact.length || url[route.exact.length] === '?' ? route.exact : route.below);
    if (route.headers) mergeHeaders(exchange.headers, route.headers);
    this.run(route, exchange).catch((error: unknown) => this.unexpected(exchange, error));
    return true;
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

  private async run(route: EdgeRoute, exchange: Exchange): Promise<void> {
    const admitted = route.policy.admit(exchange);
    if (!(admitted instanceof Promise ? await admitted : admitted)) return;
    const reading = readBody(exchange.request, this.pipeline.options.bodyLimitBytes);
    await forward(exchange, route.target, reading && (await reading));
  }

  private unexpected(exchange: Exchange, error: unknown): void {
    if (error instanceof BodyAborted) return;
    // The rest of the body is not read: closing the connection is the only way past it.
    if (error instanceof BodyTooLarge) return exchange.fail(this.pipeline.tooLarge(), { connection: 'close' });
    this.logger.error(`${exchange.method} ${exchange.path} failed: ${(error as Error)?.stack ?? error}`);
    exchange.fail(toProblem(error, exchange.path));
  }
}
