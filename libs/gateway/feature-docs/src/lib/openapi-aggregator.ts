import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { GATEWAY_POLICY_OPTIONS, type GatewayPolicyOptions } from '@platform/gateway-feature-policies';
import { routeTable, UPSTREAMS, type UpstreamName } from '@platform/gateway-util-routing';
import { Upstreams } from '@platform/gateway-util-upstreams';
import { OPENAPI_JSON_PATH, RequestPipeline } from '@platform/util-http';
import type { EdgeBehaviour } from './describe-edge';
import { mergeOpenApi } from './merge-openapi';

/** How long a fetched service document is reused before it is fetched again. */
const FRESH_FOR_MS = 30_000;
const FETCH_TIMEOUT_MS = 2_000;

interface CachedDocument {
  document: OpenAPIObject;
  fetchedAt: number;
}

/**
 * Builds the gateway's OpenAPI document from the services' own, fetched on demand and cached
 * briefly. A service that is down keeps its last known document (or is listed as unavailable),
 * so the docs never fail because one service does.
 */
@Injectable()
export class OpenApiAggregator {
  private readonly logger = new Logger('OpenApiAggregator');
  private readonly cache = new Map<UpstreamName, CachedDocument>();
  /** What the edge does to every proxied request, from the settings it runs with. */
  private readonly edge: EdgeBehaviour;

  constructor(
    private readonly upstreams: Upstreams,
    pipeline: RequestPipeline,
    @Inject(GATEWAY_POLICY_OPTIONS) policies: GatewayPolicyOptions,
  ) {
    this.edge = {
      rateLimits: policies.rateLimits,
      corsOrigins: pipeline.options.corsOrigins,
      bodyLimitBytes: pipeline.options.bodyLimitBytes,
    };
  }

  async document(): Promise<OpenAPIObject> {
    const reachable = await Promise.all(UPSTREAMS.map((upstream) => this.refresh(upstream)));
    const status = UPSTREAMS.map(
      (upstream, i) => `- **${upstream}**: ${reachable[i] ? 'up' : 'unavailable; its operations appear once it is up'}`,
    );
    return mergeOpenApi(
      UPSTREAMS.map((upstream) => ({ upstream, document: this.cache.get(upstream)?.document })),
      routeTable,
      {
        info: {
          title: 'Platform API',
          version: '1.0',
          description: `Every public operation of the platform, as served by the gateway.\n\nServices:\n${status.join('\n')}`,
        },
      },
      this.edge,
    );
  }

  /** Fetches a service's document unless a fresh one is cached; returns whether it answered. */
  private async refresh(upstream: UpstreamName): Promise<boolean> {
    const cached = this.cache.get(upstream);
    if (cached && Date.now() - cached.fetchedAt < FRESH_FOR_MS) return true;
    try {
      const result = await this.upstreams
        .get(upstream)
        .send({ method: 'GET', path: OPENAPI_JSON_PATH, timeoutMs: FETCH_TIMEOUT_MS, repeatable: true });
      if (result.kind === 'unavailable') throw new Error(result.reason);
      if (result.kind === 'error') throw result.error;
      const response = result.response;
      if (response.statusCode !== 200) {
        await response.dump();
        throw new Error(`status ${response.statusCode}`);
      }
      this.cache.set(upstream, {
        document: JSON.parse((await response.readAll()).toString('utf8')) as OpenAPIObject,
        fetchedAt: Date.now(),
      });
      return true;
    } catch (error) {
      this.logger.warn(`cannot fetch the ${upstream} OpenAPI document: ${(error as Error).message}`);
      return false;
    }
  }
}
