import type { Channel } from 'amqplib';

/** Exchange that receives what consumers reject for good; each queue parks its own there. */
export const deadLetterExchangeOf = (exchange: string): string => `${exchange}.dead-letter`;

/** Queue where a consumer queue's rejected messages wait for an operator. */
export const parkingQueueOf = (queue: string): string => `${queue}.parked`;

export async function assertEventExchange(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
}

export interface ConsumerQueueSpec {
  exchange: string;
  queue: string;
  /** Routing-key patterns the queue receives (`users.user.created.v1`, `users.user.#`). */
  patterns: readonly string[];
  /** Deliveries after which the broker dead-letters a message that keeps failing. */
  deliveryLimit: number;
}

/**
 * A durable quorum queue bound to its patterns, with a parking queue behind it. Quorum queues
 * replicate and count deliveries, so a message that fails `deliveryLimit` times is parked by
 * the broker itself instead of blocking the queue.
 */
export async function assertConsumerQueue(channel: Channel, spec: ConsumerQueueSpec): Promise<void> {
  const deadLetterExchange = deadLetterExchangeOf(spec.exchange);
  await assertEventExchange(channel, spec.exchange);
  await channel.assertExchange(deadLetterExchange, 'direct', { durable: true });
  await channel.assertQueue(parkingQueueOf(spec.queue), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(parkingQueueOf(spec.queue), deadLetterExchange, spec.queue);
  await channel.assertQueue(spec.queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': spec.deliveryLimit,
      'x-dead-letter-exchange': deadLetterExchange,
      'x-dead-letter-routing-key': spec.queue,
    },
  });
  for (const pattern of spec.patterns) await channel.bindQueue(spec.queue, spec.exchange, pattern);
}
