import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'undici';
import { GATEWAY_OPTIONS, type GatewayOptions } from '../gateway.options';
import { UPSTREAMS, type UpstreamName } from '../routing/route-table';

/**
 * One keep-alive connection pool per upstream. Reusing connections is most of a proxy's
 * speed: opening a TCP connection per request costs more than the request itself.
 */
@Injectable()
export class UpstreamPools implements OnApplicationShutdown {
  private readonly pools: Map<UpstreamName, Pool>;

  constructor(@Inject(GATEWAY_OPTIONS) options: GatewayOptions) {
    this.pools = new Map(
      UPSTREAMS.map((name) => [
        name,
        new Pool(options.upstreams[name], {
          connections: options.connectionsPerUpstream,
          keepAliveTimeout: 30_000,
          connect: { timeout: options.connectTimeoutMs },
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        }),
      ]),
    );
  }

  get(name: UpstreamName): Pool {
    return this.pools.get(name)!;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }
}
