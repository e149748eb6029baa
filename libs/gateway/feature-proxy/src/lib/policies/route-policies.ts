import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@platform/util-auth';
import { ProblemTypes, sendProblem } from '@platform/util-http';
import type { FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import type { RouteDefinition } from '../routing/route-table';
import { ResponseCache } from './cache/response-cache';
import { RouteCache } from './cache/route-cache';
import { GATEWAY_POLICY_OPTIONS, type GatewayPolicyOptions } from './gateway-policies.options';
import { consumerOf } from './rate-limit/consumer';
import { ConsumerRateLimiter } from './rate-limit/consumer-rate-limiter';
import type { RateLimitClass } from './route-policies.types';
import { deprecationHeaders } from './versioning/deprecation-headers';

/** The route table's policies for one route, ready to apply. */
export interface RoutePolicy {
  /** Runs after authentication; false when it has answered itself (429, a cached answer). */
  admit(request: FastifyRequest, reply: FastifyReply, caller: Caller | undefined): Promise<boolean>;
  /** Route-level Fastify hooks the policies need; empty when the route has none. */
  hooks: { onSend?: onSendHookHandler[] };
}

/**
 * Builds each route's policies once, at registration, so a request pays only for what its route
 * declares: a rate-limit count, a cache lookup, precomputed deprecation headers.
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
    const onSend: onSendHookHandler[] = [];
    if (route.deprecation) onSend.push(announceDeprecation(deprecationHeaders(route.deprecation)));
    if (routeCache) onSend.push(routeCache.onSend);
    return {
      admit: async (request, reply, caller) => {
        if (limitClass && !(await this.withinLimit(limitClass, request, reply, caller))) return false;
        return !(routeCache && (await routeCache.serve(request, reply, caller)));
      },
      hooks: onSend.length > 0 ? { onSend } : {},
    };
  }

  private async withinLimit(limitClass: RateLimitClass, request: FastifyRequest, reply: FastifyReply, caller: Caller | undefined) {
    const verdict = await this.limiter.take(limitClass, consumerOf(request, caller));
    if (!verdict) return true;
    reply.headers(verdict.headers);
    if (verdict.allowed) return true;
    const { points, windowSeconds } = this.options.rateLimits[limitClass];
    reply.header('retry-after', String(verdict.retryAfterSeconds));
    sendProblem(reply, {
      type: ProblemTypes.tooManyRequests,
      title: 'Too Many Requests',
      status: 429,
      detail: `You may make ${points} requests per ${windowSeconds} s here. Retry after ${verdict.retryAfterSeconds} s.`,
      instance: request.url.split('?')[0],
    });
    return false;
  }
}

/** onSend hook adding a deprecated route's headers to every answer, errors included. */
function announceDeprecation(headers: Record<string, string>): onSendHookHandler {
  return async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(headers)) {
      const existing = name === 'link' ? reply.getHeader('link') : undefined;
      reply.header(name, existing ? `${existing}, ${value}` : value);
    }
    return payload;
  };
}
