import { Inject, Injectable } from '@nestjs/common';
import type { RateLimitClass, RouteDefinition } from '@platform/gateway-util-routing';
import { ProblemTypes, type Exchange } from '@platform/util-http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { EdgeAuthenticator } from './authentication/edge-authenticator';
import { ResponseCache } from './cache/response-cache';
import { RouteCache } from './cache/route-cache';
import { GATEWAY_POLICY_OPTIONS, type GatewayPolicyOptions } from './gateway-policies.options';
import { consumerOf } from './rate-limit/consumer';
import { ConsumerRateLimiter } from './rate-limit/consumer-rate-limiter';
import { deprecationHeaders } from './versioning/deprecation-headers';

/** Receives an upstream answer's whole body before it is sent (to cache it). */
export type KeepBody = (body: Buffer) => void;

/** The route table's policies for one route, ready to apply. */
export interface RoutePolicy {
  /** Headers every answer on the route carries, errors included (deprecation). */
  readonly headers: Readonly<OutgoingHttpHeaders>;
  /** Runs before forwarding; false when it has answered itself (401, 429, a cached answer). */
  admit(exchange: Exchange): boolean | Promise<boolean>;
  /**
   * Runs when the upstream's answer head arrives, before the client hears anything: drops the
   * cache entries a write changed, and returns where the body goes when it is to be cached.
   */
  onUpstreamAnswer(
    exchange: Exchange,
    status: number,
    headers: IncomingHttpHeaders,
  ): KeepBody | undefined | Promise<undefined>;
}

/**
 * Builds each route's policies once, at start-up, so a request pays only for what its route
 * declares, in this order: authentication (bearer routes), a rate-limit count (per caller, else
 * per address), a cache lookup; deprecation headers are computed here.
 */
@Injectable()
export class RoutePolicies {
  constructor(
    private readonly authenticator: EdgeAuthenticator,
    private readonly limiter: ConsumerRateLimiter,
    private readonly cache: ResponseCache,
    @Inject(GATEWAY_POLICY_OPTIONS) private readonly options: GatewayPolicyOptions,
  ) {}

  forRoute(route: RouteDefinition): RoutePolicy {
    const limitClass = route.rateLimit === 'none' ? undefined : (route.rateLimit ?? 'standard');
    const routeCache = route.cache && this.cache.store ? new RouteCache(route, route.cache, this.cache) : undefined;
    const admitCached = (exchange: Exchange): boolean | Promise<boolean> => {
      const served = routeCache ? routeCache.serve(exchange) : false;
      return served instanceof Promise ? served.then((answered) => !answered) : !served;
    };
    const admitLimited = !limitClass
      ? admitCached
      : (exchange: Exchange) =>
          this.withinLimit(limitClass, exchange).then((within) => within && admitCached(exchange));
    const admit =
      route.access !== 'bearer'
        ? admitLimited
        : (exchange: Exchange) => {
            const known = this.authenticator.admit(exchange);
            if (known instanceof Promise) return known.then((ok) => ok && admitLimited(exchange));
            return known && admitLimited(exchange);
          };
    return {
      headers: Object.freeze(route.deprecation ? deprecationHeaders(route.deprecation) : {}),
      admit,
      onUpstreamAnswer: (exchange, status, headers) => routeCache?.onUpstreamAnswer(exchange, status, headers),
    };
  }

  private async withinLimit(limitClass: RateLimitClass, exchange: Exchange): Promise<boolean> {
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
