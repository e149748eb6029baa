import { Inject, Injectable, Optional } from '@nestjs/common';
import { METRICS_REGISTRY, type MetricsRegistry } from '@platform/util-observability';
import { Counter } from 'prom-client';
import { MessagingStats } from './messaging-stats';

/** Exposes MessagingStats as Prometheus counters, read at scrape time. */
@Injectable()
export class MessagingMetrics {
  constructor(stats: MessagingStats, @Optional() @Inject(METRICS_REGISTRY) metrics?: MetricsRegistry) {
    if (!metrics) return;
    const registers = [metrics.registry];
    new Counter({
      name: 'messaging_published_total',
      help: 'Events the broker confirmed',
      registers,
      collect() {
        this.reset();
        this.inc(stats.publisher.published);
      },
    });
    new Counter({
      name: 'messaging_publish_failures_total',
      help: 'Publishes nacked, timed out or returned (unroutable is also counted separately)',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset();
        this.inc({ reason: 'unroutable' }, stats.publisher.unroutable);
        this.inc({ reason: 'other' }, stats.publisher.failed - stats.publisher.unroutable);
      },
    });
    new Counter({
      name: 'messaging_consumed_total',
      help: 'Messages a consumer finished with, by queue and outcome',
      labelNames: ['queue', 'outcome'],
      registers,
      collect() {
        this.reset();
        for (const [queue, counts] of Object.entries(stats.consumers)) {
          this.inc({ queue, outcome: 'processed' }, counts.processed);
          this.inc({ queue, outcome: 'retried' }, counts.retried);
          this.inc({ queue, outcome: 'dead_lettered' }, counts.parked);
        }
      },
    });
  }
}
