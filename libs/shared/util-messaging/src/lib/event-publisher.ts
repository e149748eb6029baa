import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { withProducerSpan } from '@platform/util-tracing';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, Message } from 'amqplib';
import { AmqpConnection } from './amqp-connection';
import type { OutgoingMessage } from './message-envelope';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { assertEventExchange } from './topology';

/** How long a publish may wait for the broker (connection + confirm) before it fails. */
const PUBLISH_TIMEOUT_MS = 5000;

/** The broker returned a `mandatory` message: no queue is bound to its routing key. */
export class UnroutableMessageError extends Error {
  override readonly name = 'UnroutableMessageError';
}

/**
 * Publishes events to the topic exchange, persistent and `mandatory`, on a confirm channel:
 * `publish` resolves only once the broker has taken responsibility for the message, and
 * rejects if it was nacked, timed out, or returned as unroutable (which the broker acks too).
 * Callers (the outbox relay) mark a message sent only when it resolves. Each publish is a
 * PRODUCER span under the trace context in the message's headers (stored with its outbox row),
 * and sends its own context on, so consumers continue that trace.
 */
@Injectable()
export class EventPublisher implements BeforeApplicationShutdown {
  private readonly channel: ChannelWrapper;
  /** Ids of messages returned since they were published; the broker returns before it acks. */
  private readonly returned = new Set<string>();

  constructor(
    connection: AmqpConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.channel = connection.createChannel({
      name: 'event-publisher',
      publishTimeout: PUBLISH_TIMEOUT_MS,
      setup: async (channel: ConfirmChannel) => {
        await assertEventExchange(channel, options.exchange);
        channel.on('return', (message: Message) => this.returned.add(message.properties.messageId));
      },
    });
  }

  publish(message: OutgoingMessage): Promise<void> {
    const span = { messageType: message.type, destination: this.options.exchange, messageId: message.messageId };
    return withProducerSpan(span, message.headers, (headers) => this.send(message, headers));
  }

  private async send(message: OutgoingMessage, headers: Record<string, unknown>): Promise<void> {
    const body = Buffer.from(JSON.stringify(message.payload));
    await this.channel
      .publish(this.options.exchange, message.type, body, {
        persistent: true,
        mandatory: true,
        contentType: 'application/json',
        messageId: message.messageId,
        type: message.type,
        appId: this.options.serviceName,
        timestamp: Math.floor(message.occurredAt.getTime() / 1000),
        headers,
      })
      .catch((error: unknown) => {
        this.returned.delete(message.messageId);
        throw error;
      });
    if (this.returned.delete(message.messageId))
      throw new UnroutableMessageError(`no queue is bound to ${message.type}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }
}
