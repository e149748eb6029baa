import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { outsideTraces } from '@platform/util-tracing';
import { DataSource, type EntityManager } from 'typeorm';
import { AmqpConnection } from '../amqp-connection';
import { EventPublisher, UnroutableMessageError } from '../event-publisher';
import { MessagingStats } from '../messaging-stats';
import { OUTBOX_OPTIONS, type OutboxOptions } from './outbox.options';

/** Held (per transaction) by the one relay instance that publishes; the others skip the round. */
const RELAY_LOCK_KEY = 727_002;
const MAX_BACKOFF_SECONDS = 60;

interface PendingRow {
  id: string;
  message_id: string;
  type: string;
  aggregate_id: string;
  payload: object;
  headers: Record<string, string>;
  occurred_at: Date;
  attempts: number;
}

interface AggregateOutcome {
  published: string[];
  failed?: { row: PendingRow; error: Error };
}

export interface OutboxBacklog {
  pending: number;
  oldestPendingAgeSeconds: number | null;
}

/**
 * Publishes outbox rows and marks each published only after the broker confirmed it. Rows of
 * one aggregate go out one after another in insertion order; different aggregates in parallel.
 * A row that fails (nack, timeout, unroutable) waits with exponential backoff, and so do the
 * later rows of its aggregate, so the order per aggregate holds. Woken after each commit and
 * on a timer (which catches up after a broker or database outage). Among several instances,
 * an advisory lock lets one publish at a time. A crash between confirm and mark republishes a
 * row: delivery is at least once, consumers deduplicate.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private wakeAgain = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly connection: AmqpConnection,
    private readonly stats: MessagingStats,
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timers = [
      setInterval(() => this.wake(), this.options.pollIntervalMs),
      setInterval(() => void this.prune(), this.options.pruneIntervalMs),
    ];
    this.timers.forEach((timer) => timer.unref());
    this.wake();
  }

  /**
   * Asks for a publishing round; rounds never overlap, a wake during one schedules another.
   * No round while the broker is away: it would hold the relay lock through publish timeouts
   * and starve another instance that can publish. The timer retries once it is back.
   */
  wake(): void {
    if (this.stopped || !this.connection.isConnected()) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    // Woken by a request's commit, but not part of it: each publish joins the trace of the
    // request that recorded its row (stored headers), not of whichever request woke the relay.
    this.running = outsideTraces(() => this.drain())
      .catch((error: Error) => this.logger.warn(`relay round failed, will retry: ${error.message}`))
      .finally(() => {
        this.running = null;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  /** Resolves when no round is running (tests and shutdown use it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** How many events wait to be published, and for how long the oldest has waited. */
  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS pending, extract(epoch FROM now() - min(occurred_at))::float AS age
       FROM outbox_messages WHERE published_at IS NULL`,
    );
    return { pending: row.pending, oldestPendingAgeSeconds: row.age === null ? null : Math.round(row.age * 10) / 10 };
  }

  private async drain(): Promise<void> {
    let more = true;
    while (more && !this.stopped) {
      more = await this.dataSource.transaction((manager) => this.publishBatch(manager));
    }
  }

  /** Returns whether another batch may be waiting (this one was full and fully published). */
  private async publishBatch(manager: EntityManager): Promise<boolean> {
    const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK_KEY]);
    if (!locked) return false;
    // Skips every aggregate whose earliest pending row is still backing off.
    const rows: PendingRow[] = await manager.query(
      `SELECT id, message_id, type, aggregate_id, payload, headers, occurred_at, attempts FROM outbox_messages o
       WHERE published_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM outbox_messages b
                         WHERE b.aggregate_id = o.aggregate_id AND b.published_at IS NULL
                           AND b.id <= o.id AND b.next_attempt_at > now())
       ORDER BY id LIMIT $1 FOR UPDATE`,
      [this.options.batchSize],
    );
    const outcomes = await Promise.all(groupByAggregate(rows).map((group) => this.publishInOrder(group)));
    const published = outcomes.flatMap((outcome) => outcome.published);
    if (published.length > 0) {
      await manager.query('UPDATE outbox_messages SET published_at = now() WHERE id = ANY($1::bigint[])', [published]);
    }
    const failures = outcomes.flatMap((outcome) => (outcome.failed ? [outcome.failed] : []));
    for (const { row, error } of failures) {
      const backoff = Math.min(MAX_BACKOFF_SECONDS, 0.5 * 2 ** row.attempts);
      await manager.query(
        `UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3)
         WHERE id = $1`,
        [row.id, error.message, backoff],
      );
    }
    if (failures.length > 0) {
      this.stats.publisher.lastError = failures[0].error.message;
      this.logger.warn(
        `${failures.length} event(s) not published, retrying with backoff: ${failures[0].error.message}`,
      );
    }
    return rows.length === this.options.batchSize && failures.length === 0;
  }

  private async publishInOrder(rows: PendingRow[]): Promise<AggregateOutcome> {
    const published: string[] = [];
    for (const row of rows) {
      try {
        await this.publisher.publish({
          messageId: row.message_id,
          type: row.type,
          payload: row.payload,
          headers: row.headers,
          occurredAt: new Date(row.occurred_at),
        });
        published.push(row.id);
        this.stats.publisher.published++;
      } catch (error) {
        this.stats.publisher.failed++;
        if (error instanceof UnroutableMessageError) this.stats.publisher.unroutable++;
        return { published, failed: { row, error: error as Error } };
      }
    }
    return { published };
  }

  private async prune(): Promise<void> {
    try {
      await this.dataSource.query(
        `DELETE FROM outbox_messages WHERE published_at < now() - make_interval(hours => $1)`,
        [this.options.retentionHours],
      );
    } catch (error) {
      this.logger.warn(`pruning published events failed: ${(error as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    await this.idle();
  }
}

/** Rows grouped by aggregate, each group in insertion order. */
function groupByAggregate(rows: PendingRow[]): PendingRow[][] {
  const groups = new Map<string, PendingRow[]>();
  for (const row of rows) {
    const group = groups.get(row.aggregate_id);
    if (group) group.push(row);
    else groups.set(row.aggregate_id, [row]);
  }
  return [...groups.values()];
}
