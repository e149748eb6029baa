import { connect, type ChannelModel, type GetMessage } from 'amqplib';
import { MessageHeaders } from '../message-headers';
import { parkingQueueOf } from '../topology';

export interface ParkedMessage {
  messageId: string;
  type: string;
  reason: string;
  parkedAt: string;
  /** The consumer queue it failed in, where a replay sends it back. */
  parkedFrom: string;
  retries: number;
  originalRoutingKey: string;
  body: string;
}

/** Which parked messages a replay takes: all, or those with the given message ids. */
export type ReplaySelection = { all: true } | { ids: readonly string[] };

/** Most messages one command looks at, so a huge parking queue cannot exhaust memory. */
const MAX_PER_RUN = 10_000;

/** Longest a command waits for the messages it read but kept to be back in the queue. */
const SETTLE_TIMEOUT_MS = 5_000;

/**
 * An operator's view of a consumer's parking queue: list what is parked and why, and send
 * chosen messages back to the consumer queue they failed in (only that consumer sees them
 * again; other services are not re-notified). Each replayed copy is confirmed by the broker
 * before the parked original is removed, so a replay interrupted halfway loses nothing.
 */
export class ParkingLot {
  private constructor(private readonly connection: ChannelModel) {}

  static async connect(url: string): Promise<ParkingLot> {
    return new ParkingLot(await connect(url));
  }

  async count(consumerQueue: string): Promise<number> {
    const channel = await this.connection.createChannel();
    try {
      return (await channel.checkQueue(parkingQueueOf(consumerQueue))).messageCount;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** Reads up to `limit` parked messages without removing them. */
  async peek(consumerQueue: string, limit = 20): Promise<ParkedMessage[]> {
    const before = await this.count(consumerQueue);
    const channel = await this.connection.createChannel();
    const seen: ParkedMessage[] = [];
    try {
      for (let message = await channel.get(parkingQueueOf(consumerQueue)); message && seen.length < limit; ) {
        seen.push(describe(message, consumerQueue));
        if (seen.length < limit) message = await channel.get(parkingQueueOf(consumerQueue));
      }
      return seen;
    } finally {
      // Closing without acks puts every message read back in the queue.
      await channel.close().catch(() => undefined);
      await this.settle(consumerQueue, before);
    }
  }

  /** Sends the selected parked messages back to their consumer queue; returns how many. */
  async replay(consumerQueue: string, selection: ReplaySelection): Promise<{ replayed: string[]; kept: number }> {
    const before = await this.count(consumerQueue);
    const channel = await this.connection.createConfirmChannel();
    const replayed: string[] = [];
    let kept = 0;
    try {
      for (let i = 0; i < MAX_PER_RUN; i++) {
        const message = await channel.get(parkingQueueOf(consumerQueue));
        if (!message) break;
        const parked = describe(message, consumerQueue);
        if (!('all' in selection) && !selection.ids.includes(parked.messageId)) {
          kept++;
          continue;
        }
        const headers: Record<string, unknown> = {
          ...message.properties.headers,
          [MessageHeaders.replayedAt]: new Date().toISOString(),
          [MessageHeaders.retryCount]: 0,
        };
        for (const name of [
          MessageHeaders.parkedReason,
          MessageHeaders.parkedAt,
          MessageHeaders.parkedFrom,
          MessageHeaders.lastError,
          'x-death',
        ]) {
          delete headers[name];
        }
        channel.publish('', parked.parkedFrom, message.content, { ...message.properties, headers, persistent: true });
        await channel.waitForConfirms();
        channel.ack(message);
        replayed.push(parked.messageId);
      }
      return { replayed, kept };
    } finally {
      await channel.close().catch(() => undefined);
      await this.settle(consumerQueue, before - replayed.length);
    }
  }

  /**
   * Waits (bounded) until the queue holds at least `expected` messages again. A quorum queue takes
   * back the messages a closed channel read but did not ack a moment after the close, so without
   * this a count, or a second command, right after a peek or a replay would miss them.
   */
  private async settle(consumerQueue: string, expected: number): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while ((await this.count(consumerQueue)) < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

function describe(message: GetMessage, consumerQueue: string): ParkedMessage {
  const headers = message.properties.headers ?? {};
  return {
    messageId: String(message.properties.messageId ?? ''),
    type: String(message.properties.type ?? message.fields.routingKey),
    reason: String(
      headers[MessageHeaders.parkedReason] ?? 'delivery limit exceeded (the consumer crashed or stalled on it)',
    ),
    parkedAt: String(headers[MessageHeaders.parkedAt] ?? ''),
    parkedFrom: String(headers[MessageHeaders.parkedFrom] ?? consumerQueue),
    retries: Number(headers[MessageHeaders.retryCount] ?? 0),
    originalRoutingKey: String(headers[MessageHeaders.originalRoutingKey] ?? message.fields.routingKey),
    body: message.content.toString('utf8'),
  };
}
