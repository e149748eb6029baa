import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { INBOX_OPTIONS, type InboxOptions } from './inbox.options';

/**
 * Makes a consumer's effect happen once per message id. `runOnce` records the id and runs the
 * work in one transaction: a redelivered or duplicated message finds its id and does nothing.
 * Two deliveries of one id at once serialise on the primary key; the second sees the first's
 * commit and skips (or, if the first rolled back, does the work itself).
 */
@Injectable()
export class Inbox implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Inbox');
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(INBOX_OPTIONS) private readonly options: InboxOptions,
  ) {}

  /** Returns false when the message had already been handled by `consumer`. */
  async runOnce(
    consumer: string,
    messageId: string,
    work: (manager: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO inbox_messages (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [consumer, messageId],
      );
      if (inserted.length === 0) return false;
      await work(manager);
      return true;
    });
  }

  onApplicationBootstrap(): void {
    this.pruneTimer = setInterval(() => void this.prune(), this.options.pruneIntervalMs);
    this.pruneTimer.unref();
  }

  /** Forgets ids older than the retention; a redelivery that late is not expected. */
  private async prune(): Promise<void> {
    try {
      await this.dataSource.query(`DELETE FROM inbox_messages WHERE processed_at < now() - make_interval(days => $1)`, [
        this.options.retentionDays,
      ]);
    } catch (error) {
      this.logger.warn(`pruning the inbox failed: ${(error as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }
}
