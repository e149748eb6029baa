import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EdgeAuthenticator } from '../auth/edge-authenticator';
import { GATEWAY_OPTIONS, type GatewayOptions } from '../gateway.options';
import { RoutePolicies } from '../policies/route-policies';
import type { RouteDefinition } from '../routing/route-table';
import { removedPrefix } from '../routing/validate-route-table';
import { Upstreams } from '../upstreams/upstreams';
import { forwardRequest } from './forward-request';
import { UpstreamMetrics, type UpstreamOutcome } from './upstream-metrics';

const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * Registers the route table's prefixes directly on Fastify, outside Nest's controller pipeline:
 * a proxied request needs no pipes or interceptors, and skipping them is most of the gateway's
 * per-request cost. Bearer routes verify the token first (EdgeAuthenticator), then the route's
 * policies apply (RoutePolicies: rate limit, cache, deprecation headers). Bodies are taken as raw bytes (any content type, size-limited)
 * and forwarded unparsed.
 */
@Injectable()
export class ProxyRoutes {
  constructor(
    private readonly upstreams: Upstreams,
    private readonly metrics: UpstreamMetrics,
    private readonly authenticator: EdgeAuthenticator,
    private readonly policies: RoutePolicies,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
  ) {}

  register(fastify: FastifyInstance, routes: readonly RouteDefinition[]): void {
    fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: this.options.bodyLimitBytes }, (_request, body, done) => done(null, body));
      for (const route of routes) {
        const target = {
          route,
          routes,
          cluster: this.upstreams.get(route.upstream),
          timeoutMs: route.timeoutMs ?? this.options.timeoutMs,
          removedPrefix: removedPrefix(route),
          observe: (outcome: UpstreamOutcome, seconds: number) => this.metrics.observe(route.upstream, outcome, seconds),
        };
        const forward = (request: FastifyRequest, reply: FastifyReply) => forwardRequest(request, reply, target);
        // Rate limit, cache, deprecation (policies/): after authentication, as the caller is the consumer.
        const policy = this.policies.forRoute(route);
        const handler = async (request: FastifyRequest, reply: FastifyReply) => {
          const caller = route.access === 'public' ? undefined : await this.authenticator.authenticate(request, reply);
          if (route.access !== 'public' && !caller) return;
          if (await policy.admit(request, reply, caller)) return forward(request, reply);
        };
        scope.route({ method: METHODS, url: route.prefix, handler, exposeHeadRoute: false, ...policy.hooks });
        scope.route({ method: METHODS, url: `${route.prefix}/*`, handler, exposeHeadRoute: false, ...policy.hooks });
      }
    });
  }
}
