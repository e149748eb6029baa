import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AmqpConnection } from '../amqp-connection';
import { EventPublisher } from '../event-publisher';
import { OUTBOX_OPTIONS, type OutboxOptions } from './outbox.options';

/** Held (per transaction) by the one relay instance that publishes; the others skip the round. */
const RELAY_LOCK_KEY = 727_002;

interface PendingRow {
  id: string;
  message_id: string;
  type: string;
  payload: object;
  headers: Record<string, string>;
  occurred_at: Date;
}

/**
 * Publishes outbox rows in insertion order and marks each published only after the broker
 * confirmed it. Woken right after a commit and on a timer (which catches up after a broker or
 * database outage). Among several instances of a service, an advisory lock lets one publish at
 * a time, so order holds; a crash between confirm and mark republishes (consumers dedupe).
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
    this.running = this.drain()
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

  private async drain(): Promise<void> {
    let full = true;
    while (full && !this.stopped) {
      full = await this.dataSource.transaction((manager) => this.publishBatch(manager));
    }
  }

  /** Returns whether the batch was full and fully published (so more may be waiting). */
  private async publishBatch(manager: EntityManager): Promise<boolean> {
    const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK_KEY]);
    if (!locked) return false;
    const rows: PendingRow[] = await manager.query(
      `SELECT id, message_id, type, payload, headers, occurred_at FROM outbox_messages
       WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE`,
      [this.options.batchSize],
    );
    // Published together so confirms are awaited as a batch, not one round trip per message.
    const results = await Promise.allSettled(
      rows.map((row) =>
        this.publisher.publish({
          messageId: row.message_id,
          type: row.type,
          payload: row.payload,
          headers: row.headers,
          occurredAt: new Date(row.occurred_at),
        }),
      ),
    );
    const confirmed = rows.filter((_, i) => results[i].status === 'fulfilled').map((row) => row.id);
    if (confirmed.length > 0) {
      await manager.query('UPDATE outbox_messages SET published_at = now() WHERE id = ANY($1::bigint[])', [confirmed]);
    }
    const failed = rows.filter((_, i) => results[i].status === 'rejected');
    if (failed.length > 0) {
      const reason = String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason?.message);
      await manager.query('UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])', [
        failed.map((row) => row.id),
        reason,
      ]);
      this.logger.warn(`${failed.length} event(s) not confirmed by the broker, will retry: ${reason}`);
    }
    return rows.length === this.options.batchSize && failed.length === 0;
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
