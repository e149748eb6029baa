export interface OutboxOptions {
  /** How often the relay looks for unpublished rows besides being woken after a commit. */
  pollIntervalMs: number;
  /** Rows per publishing transaction. */
  batchSize: number;
  /** How long published rows are kept (for audit and replay) before pruning. */
  retentionHours: number;
  pruneIntervalMs: number;
}

export const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');

export const defaultOutboxOptions: OutboxOptions = {
  pollIntervalMs: 1000,
  batchSize: 100,
  retentionHours: 24 * 7,
  pruneIntervalMs: 60 * 60 * 1000,
};
