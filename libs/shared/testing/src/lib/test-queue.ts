import { connect, type Channel, type ChannelModel, type ConsumeMessage, type GetMessage } from 'amqplib';
import { testRabbitMqUrl, uniqueName } from './test-env';
import { waitFor } from './wait-for';

export interface ReceivedMessage {
  routingKey: string;
  type: string | undefined;
  messageId: string | undefined;
  persistent: boolean;
  body: Record<string, unknown>;
}

/**
 * An exclusive, auto-deleted queue bound to an exchange, recording what arrives: lets a test
 * observe the events a service really published to the broker.
 */
export class TestQueue {
  readonly received: ReceivedMessage[] = [];

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async bind(exchange: string, patterns: string[], url = testRabbitMqUrl()): Promise<TestQueue> {
    const connection = await connect(url);
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue(uniqueName('test-observer'), { exclusive: true, autoDelete: true });
    for (const pattern of patterns) await channel.bindQueue(queue, exchange, pattern);
    const observer = new TestQueue(connection, channel);
    await channel.consume(queue, (message) => message && observer.record(message), { noAck: true });
    return observer;
  }

  private record(message: ConsumeMessage): void {
    this.received.push({
      routingKey: message.fields.routingKey,
      type: message.properties.type,
      messageId: message.properties.messageId,
      persistent: message.properties.deliveryMode === 2,
      body: JSON.parse(message.content.toString('utf8')),
    });
  }

  waitFor(predicate: (message: ReceivedMessage) => boolean, timeoutMs = 10_000): Promise<ReceivedMessage> {
    return waitFor(() => this.received.find(predicate), timeoutMs, 'a matching message');
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

/** Deletes exchanges and queues a test run declared (names are unique per run). */
export async function deleteBrokerObjects(
  names: { exchanges?: string[]; queues?: string[] },
  url = testRabbitMqUrl(),
): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    for (const queue of names.queues ?? []) await channel.deleteQueue(queue);
    for (const exchange of names.exchanges ?? []) await channel.deleteExchange(exchange);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Reads (and removes) every message waiting in a queue, e.g. a parking queue. */
export async function drainQueue(queue: string, url = testRabbitMqUrl()): Promise<GetMessage[]> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    const messages: GetMessage[] = [];
    for (
      let message = await channel.get(queue, { noAck: true });
      message;
      message = await channel.get(queue, { noAck: true })
    ) {
      messages.push(message);
    }
    return messages;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
