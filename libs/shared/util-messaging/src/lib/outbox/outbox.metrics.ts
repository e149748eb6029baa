import { Inject, Injectable, Optional } from '@nestjs/common';
import { METRICS_REGISTRY, type MetricsRegistry } from '@platform/util-observability';
import { Gauge } from 'prom-client';
import { OutboxRelay } from './outbox-relay';

/** Outbox backlog and the age of its oldest event, queried at scrape time. */
@Injectable()
export class OutboxMetrics {
  constructor(relay: OutboxRelay, @Optional() @Inject(METRICS_REGISTRY) metrics?: MetricsRegistry) {
    if (!metrics) return;
    // Collected in registration order: the first gauge queries, the second reports its part.
    const oldest = new Gauge({
      name: 'outbox_oldest_pending_age_seconds',
      help: 'How long the oldest unpublished event has waited (0 when none)',
    });
    new Gauge({
      name: 'outbox_pending_messages',
      help: 'Events committed but not yet confirmed by the broker',
      registers: [metrics.registry],
      async collect() {
        const backlog = await relay.backlog().catch(() => undefined);
        if (!backlog) return;
        this.set(backlog.pending);
        oldest.set(backlog.oldestPendingAgeSeconds ?? 0);
      },
    });
    metrics.registry.registerMetric(oldest);
  }
}
