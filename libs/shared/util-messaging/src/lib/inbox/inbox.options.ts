export interface InboxOptions {
  /** How long handled message ids are remembered. */
  retentionDays: number;
  pruneIntervalMs: number;
}

export const INBOX_OPTIONS = Symbol('INBOX_OPTIONS');

export const defaultInboxOptions: InboxOptions = { retentionDays: 14, pruneIntervalMs: 60 * 60 * 1000 };
