import { Client, Pool, type Dispatcher } from 'undici';
import { InstanceHealth, type OutlierOptions } from './instance-health';
import { UpstreamResponse } from './upstream-response';

export interface InstanceRequest {
  method: Dispatcher.HttpMethod;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: Buffer;
  /** Longest wait for the response headers, and then between body chunks. */
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  signal?: AbortSignal;
}

export interface InstancePoolOptions {
  connections: number;
  connectTimeoutMs: number;
  timeoutMs: number;
}

/**
 * One instance of an upstream: its keep-alive pool for traffic, a separate single connection
 * for health probes (so a busy pool cannot make a probe time out), its health and its
 * in-flight count for the balancer. `id` (`users#1`) names it in metrics, readiness and logs;
 * the URL appears only in the gateway's own start-up log.
 */
export class UpstreamInstance {
  readonly pool: Pool;
  readonly probeClient: Client;
  readonly health: InstanceHealth;
  pending = 0;

  constructor(
    readonly id: string,
    readonly url: string,
    options: InstancePoolOptions,
    outlier: OutlierOptions,
    now?: () => number,
  ) {
    this.pool = new Pool(url, {
      connections: options.connections,
      keepAliveTimeout: 30_000,
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.probeClient = new Client(url, { keepAliveTimeout: 30_000, connect: { timeout: options.connectTimeoutMs } });
    this.health = new InstanceHealth(outlier, now);
  }

  /** Resolves with the status and headers; the body follows through the response's sink. */
  send(request: InstanceRequest): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      const handler = new UpstreamResponse({ resolve, reject }, request.signal);
      try {
        this.pool.dispatch(
          {
            method: request.method,
            path: request.path,
            headers: request.headers,
            body: request.body,
            headersTimeout: request.headersTimeoutMs,
            bodyTimeout: request.bodyTimeoutMs,
          },
          handler,
        );
      } catch (error) {
        reject(error);
      }
    });
  }

  get rank(): number {
    return this.health.rank;
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.close(), this.probeClient.close()]);
  }

  async destroy(): Promise<void> {
    await Promise.all([this.pool.destroy(), this.probeClient.destroy()]);
  }
}
