import type { Channel } from 'amqplib';

/** Direct exchange that routes commands (requests that want an answer) by name. */
export const commandExchangeOf = (exchange: string): string => `${exchange}.commands`;

/** RabbitMQ's pseudo-queue for direct replies: no reply queue to declare or clean up. */
export const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

export async function assertCommandQueue(
  channel: Channel,
  exchange: string,
  queue: string,
  names: readonly string[],
): Promise<void> {
  await channel.assertExchange(commandExchangeOf(exchange), 'direct', { durable: true });
  await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  for (const name of names) await channel.bindQueue(queue, commandExchangeOf(exchange), name);
}

/** What a command handler sends back: its result, or the problem that stopped it. */
export type CommandReply<R> =
  | { ok: true; result: R }
  | { ok: false; problem: { status: number; type: string; title: string; detail?: string; [key: string]: unknown } };
