import type { Channel } from 'amqplib';

/** Exchange that receives what a queue's broker-side limits reject (crash loops past the delivery limit). */
export const deadLetterExchangeOf = (exchange: string): string => `${exchange}.dead-letter`;

/** Queue where a consumer queue's failed messages wait for an operator, with the reason in their headers. */
export const parkingQueueOf = (queue: string): string => `${queue}.parked`;

/**
 * Queue where a failed message waits `delayMs` before going back to `queue`. Named by its delay,
 * so changing the delays declares new queues instead of clashing with the old arguments.
 */
export const retryQueueOf = (queue: string, delayMs: number): string => `${queue}.retry.${delayMs}ms`;

export async function assertEventExchange(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
}

export interface ConsumerQueueSpec {
  exchange: string;
  queue: string;
  /** Routing-key patterns the queue receives (`users.user.created.v1`, `users.user.#`). */
  patterns: readonly string[];
  /** Waits before each retry of a failed message; their count is the number of retries. */
  retryDelaysMs: readonly number[];
  /**
   * Deliveries after which the broker itself parks a message: a safety net for messages that
   * crash the consumer process before it can retry or park them.
   */
  deliveryLimit: number;
}

/**
 * A durable quorum queue bound to its patterns, a parking queue, and one retry queue per delay.
 * A retry queue holds a message for its TTL, then dead-letters it back to the consumer queue
 * through the default exchange; no other service sees the retry.
 */
export async function assertConsumerQueue(channel: Channel, spec: ConsumerQueueSpec): Promise<void> {
  const deadLetterExchange = deadLetterExchangeOf(spec.exchange);
  const parking = parkingQueueOf(spec.queue);
  await assertEventExchange(channel, spec.exchange);
  await channel.assertExchange(deadLetterExchange, 'direct', { durable: true });
  await channel.assertQueue(parking, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(parking, deadLetterExchange, spec.queue);
  for (const delayMs of spec.retryDelaysMs) {
    await channel.assertQueue(retryQueueOf(spec.queue, delayMs), {
      durable: true,
      arguments: { 'x-message-ttl': delayMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': spec.queue },
    });
  }
  await channel
    .assertQueue(spec.queue, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-delivery-limit': spec.deliveryLimit,
        'x-dead-letter-exchange': deadLetterExchange,
        'x-dead-letter-routing-key': spec.queue,
      },
    })
    .catch((error: Error) => {
      // RabbitMQ cannot change a queue's arguments in place; it refuses the declaration instead.
      if (!/PRECONDITION_FAILED - inequivalent arg/.test(error.message)) throw error;
      throw new Error(
        `queue ${spec.queue} exists with other arguments than this version declares (${error.message.replace(/.*inequivalent arg/, 'arg')}). ` +
          'Drain it (npm run dead-letters, or let consumers finish), delete it, and restart: it is declared again.',
      );
    });
  for (const pattern of spec.patterns) await channel.bindQueue(spec.queue, spec.exchange, pattern);
}

/**
 * A queue of one instance: exclusive to its connection and deleted with it, bound to its
 * patterns. For state each instance keeps for itself (an in-memory cache); nothing is retried
 * or parked, and nothing published while it does not exist is kept for it.
 */
export async function assertInstanceQueue(
  channel: Channel,
  spec: Pick<ConsumerQueueSpec, 'exchange' | 'queue' | 'patterns'>,
): Promise<void> {
  await assertEventExchange(channel, spec.exchange);
  await channel.assertQueue(spec.queue, { exclusive: true, autoDelete: true, durable: false });
  for (const pattern of spec.patterns) await channel.bindQueue(spec.queue, spec.exchange, pattern);
}
