import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { UPSTREAMS_OPTIONS, type UpstreamsOptions } from './upstreams.options';
import { UPSTREAMS, type UpstreamName } from '@platform/gateway-util-routing';
import { HealthChecker } from './health-checker';
import { RetryBudget } from './retry-budget';
import { UpstreamBreaker } from './upstream-breaker';
import { UpstreamCluster, type ClusterEvents, type SendResult } from './upstream-cluster';
import { UpstreamInstance } from './upstream-instance';
import { TrafficMetrics } from './traffic.metrics';

/**
 * Every upstream's cluster of instances (one undici pool each), their active health checks,
 * and their orderly close at shutdown: after the HTTP server has drained, pools finish what is
 * in flight, bounded by the drain time, then are destroyed.
 */
@Injectable()
export class Upstreams implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Upstreams');
  private readonly clusters = new Map<UpstreamName, UpstreamCluster>();
  private readonly checker: HealthChecker;

  constructor(
    @Inject(UPSTREAMS_OPTIONS) private readonly options: UpstreamsOptions,
    private readonly metrics: TrafficMetrics,
  ) {
    const { traffic } = options;
    const poolOptions = {
      connections: options.connectionsPerUpstream,
      connectTimeoutMs: options.connectTimeoutMs,
      timeoutMs: options.timeoutMs,
    };
    for (const name of UPSTREAMS) {
      const instances = options.upstreams[name].map(
        (url, index) => new UpstreamInstance(`${name}#${index}`, url, poolOptions, traffic.outlier),
      );
      const breaker = new UpstreamBreaker<SendResult>(traffic.breaker, (state) => {
        metrics.circuit(name, state);
        this.logger[state === 'open' ? 'warn' : 'log'](`circuit of ${name} ${state}`);
      });
      this.clusters.set(
        name,
        new UpstreamCluster(name, instances, new RetryBudget(traffic.retryBudget), breaker, this.clusterEvents()),
      );
    }
    metrics.watch([...this.clusters.values()]);
    this.checker = new HealthChecker(this.instances(), traffic.healthCheck, (instance, from, to, change) => {
      if (change === 'ejected') metrics.ejected(instance);
      this.logger[to.startsWith('healthy') ? 'log' : 'warn'](`${instance.id} ${change ?? 'now'} ${to} (was ${from})`);
    });
  }

  get(name: UpstreamName): UpstreamCluster {
    const cluster = this.clusters.get(name);
    if (!cluster) throw new Error(`unknown upstream ${name}`);
    return cluster;
  }

  all(): UpstreamCluster[] {
    return [...this.clusters.values()];
  }

  onModuleInit(): void {
    for (const instance of this.instances()) this.logger.log(`${instance.id} is ${instance.url}`);
    this.checker.start();
  }

  beforeApplicationShutdown(): void {
    this.checker.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), this.options.traffic.shutdownDrainMs)),
    );
    const closed = await Promise.race([Promise.all(this.instances().map((instance) => instance.close())), bound]);
    clearTimeout(timer);
    if (closed === 'timeout') await Promise.all(this.instances().map((instance) => instance.destroy()));
  }

  private instances(): UpstreamInstance[] {
    return this.all().flatMap((cluster) => [...cluster.instances]);
  }

  private clusterEvents(): ClusterEvents {
    return {
      retry: (upstream, allowed) => this.metrics.retry(upstream, allowed),
      ejected: (instance) => {
        this.metrics.ejected(instance);
        this.logger.warn(
          `${instance.id} ejected for ${Math.round(instance.health.ejectedForMs / 1000)} s after consecutive failures`,
        );
      },
    };
  }
}
