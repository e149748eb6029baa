import { Injectable } from '@nestjs/common';

export interface ConsumerCounts {
  processed: number;
  duplicates: number;
  retried: number;
  parked: number;
}

export interface PublisherCounts {
  published: number;
  failed: number;
  unroutable: number;
  lastError?: string;
}

/**
 * Counters of the messaging pipeline since the process started, shown in readiness details
 * (and read by the metrics exporter when there is one). Plain numbers: cheap on hot paths.
 */
@Injectable()
export class MessagingStats {
  readonly publisher: PublisherCounts = { published: 0, failed: 0, unroutable: 0 };
  readonly consumers: Record<string, ConsumerCounts> = {};

  consumer(queue: string): ConsumerCounts {
    return (this.consumers[queue] ??= { processed: 0, duplicates: 0, retried: 0, parked: 0 });
  }
}
