import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { METRICS_REGISTRY, type MetricsRegistry } from '@platform/util-observability';
import { Readiness } from '../health/readiness';
import { ManagementServer } from './management-server';

/** Where the management server listens (MANAGEMENT_HOST or HOST, `<APP>_MANAGEMENT_PORT`). */
export interface ManagementOptions {
  port: number;
  host: string;
}

export const MANAGEMENT_OPTIONS = Symbol('MANAGEMENT_OPTIONS');

/** How long a scrape or probe in progress may finish once the app has closed. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Runs the management server with the Nest app: it listens when the app starts (before the
 * public port, so a port in use stops the start-up), readiness turns 503 as shutdown begins,
 * and it closes after the public server, so metrics stay readable while the app drains.
 */
@Injectable()
export class ManagementLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Management');
  private server?: ManagementServer;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ManagementOptions,
    @Inject(METRICS_REGISTRY) private readonly metrics: MetricsRegistry,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const readiness = this.readinessOfApp();
    const server = new ManagementServer({
      metrics: this.metrics,
      readiness: readiness && (() => readiness.check()),
      onError: (error) => this.logger.error('a management request failed', (error as Error)?.stack ?? String(error)),
    });
    const { port, host } = this.options;
    try {
      await server.listen(port, host);
    } catch (error) {
      throw new Error(`the management server cannot listen on ${host}:${port}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.server = server;
    this.logger.log(`management on http://${host}:${port} (/metrics, /health/live, /health/ready)`);
  }

  beforeApplicationShutdown(): void {
    this.server?.beginShutdown();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server?.listening) return;
    await this.server.close(CLOSE_GRACE_MS);
    this.logger.log('management server closed');
  }

  /** The app's Readiness (HealthModule), if it has one. */
  private readinessOfApp(): Readiness | undefined {
    try {
      return this.moduleRef.get(Readiness, { strict: false });
    } catch {
      return undefined;
    }
  }
}
