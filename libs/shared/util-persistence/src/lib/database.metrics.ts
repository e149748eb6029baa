import { Inject, Injectable, Optional } from '@nestjs/common';
import { METRICS_REGISTRY, type MetricsRegistry } from '@platform/util-observability';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Connection pool use of the service's database: busy, idle, and requests waiting for one. */
@Injectable()
export class DatabaseMetrics {
  constructor(dataSource: DataSource, @Optional() @Inject(METRICS_REGISTRY) metrics?: MetricsRegistry) {
    if (!metrics) return;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database connections by state (waiting: requests queued for a connection)',
      labelNames: ['state'],
      registers: [metrics.registry],
      collect() {
        const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
        if (!pool) return;
        this.set({ state: 'busy' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
}
