import { Inject, Injectable } from '@nestjs/common';
import { ProblemTypes } from '@platform/util-http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { EdgeExchange } from '../edge/edge-exchange';
import type { RouteDefinition } from '../routing/route-table';
import { ResponseCache } from './cache/response-cache';
import { RouteCache } from './cache/route-cache';
import { GATEWAY_POLICY_OPTIONS, type GatewayPolicyOptions } from './gateway-policies.options';
import { consumerOf } from './rate-limit/consumer';
import { ConsumerRateLimiter } from './rate-limit/consumer-rate-limiter';
import type { RateLimitClass } from './route-policies.types';
import { deprecationHeaders } from './versioning/deprecation-headers';

/** Receives an upstream answer's whole body before it is sent (to cache it). */
export type KeepBody = (body: Buffer) => void;

/** The route table's policies for one route, ready to apply. */
export interface RoutePolicy {
  /** Headers every answer on the route carries, errors included (deprecation). */
  readonly headers: Readonly<OutgoingHttpHeaders>;
  /** Runs after authentication; false when it has answered itself (429, a cached answer). */
  admit(exchange: EdgeExchange): boolean | Promise<boolean>;
  /**
   * Runs when the upstream's answer head arrives, before the client hears anything: drops the
   * cache entries a write changed, and returns where the body goes when it is to be cached.
   */
  onUpstreamAnswer(
    exchange: EdgeExchange,
    status: number,
    headers: IncomingHttpHeaders,
  ): KeepBody | undefined | Promise<undefined>;
}

/**
 * Builds each route's policies once, at start-up, so a request pays only for what its route
 * declares: a rate-limit count, a cache lookup; deprecation headers are computed here.
 */
@Injectable()
export class RoutePolicies {
  constructor(
    private readonly limiter: ConsumerRateLimiter,
    private readonly cache: ResponseCache,
    @Inject(GATEWAY_POLICY_OPTIONS) private readonly options: GatewayPolicyOptions,
  ) {}

  forRoute(route: RouteDefinition): RoutePolicy {
    const limitClass = route.rateLimit === 'none' ? undefined : (route.rateLimit ?? 'standard');
    const routeCache = route.cache && this.cache.store ? new RouteCache(route, route.cache, this.cache) : undefined;
    const admitCached = (exchange: EdgeExchange): boolean | Promise<boolean> => {
      const served = routeCache ? routeCache.serve(exchange) : false;
      return served instanceof Promise ? served.then((answered) => !answered) : !served;
    };
    return {
      headers: Object.freeze(route.deprecation ? deprecationHeaders(route.deprecation) : {}),
      admit: !limitClass
        ? admitCached
        : (exchange) => this.withinLimit(limitClass, exchange).then((within) => within && admitCached(exchange)),
      onUpstreamAnswer: (exchange, status, headers) => routeCache?.onUpstreamAnswer(exchange, status, headers),
    };
  }

  private async withinLimit(limitClass: RateLimitClass, exchange: EdgeExchange): Promise<boolean> {
    const verdict = await this.limiter.take(
      limitClass,
      consumerOf(exchange.caller, () => exchange.clientAddress),
    );
    if (!verdict) return true;
    Object.assign(exchange.headers, verdict.headers);
    if (verdict.allowed) return true;
    const { points, windowSeconds } = this.options.rateLimits[limitClass];
    exchange.fail(
      {
        type: ProblemTypes.tooManyRequests,
        title: 'Too Many Requests',
        status: 429,
        detail: `You may make ${points} requests per ${windowSeconds} s here. Retry after ${verdict.retryAfterSeconds} s.`,
      },
      { 'retry-after': String(verdict.retryAfterSeconds) },
    );
    return false;
  }
}
