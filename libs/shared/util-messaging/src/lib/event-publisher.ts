import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { AmqpConnection } from './amqp-connection';
import type { OutgoingMessage } from './message-envelope';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { assertEventExchange } from './topology';

/** How long a publish may wait for the broker (connection + confirm) before it fails. */
const PUBLISH_TIMEOUT_MS = 5000;

/**
 * Publishes events to the topic exchange, persistent and `mandatory`, on a confirm channel:
 * `publish` resolves only once the broker has taken responsibility for the message. Callers
 * (the outbox relay) mark a message sent only after that.
 */
@Injectable()
export class EventPublisher implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventPublisher');
  private readonly channel: ChannelWrapper;

  constructor(
    connection: AmqpConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.channel = connection.createChannel({
      name: 'event-publisher',
      publishTimeout: PUBLISH_TIMEOUT_MS,
      setup: async (channel: ConfirmChannel) => {
        await assertEventExchange(channel, options.exchange);
        channel.on('return', (returned) =>
          this.logger.warn(`unroutable ${returned.properties.type} ${returned.properties.messageId}: no queue is bound`),
        );
      },
    });
  }

  async publish(message: OutgoingMessage): Promise<void> {
    await this.channel.publish(this.options.exchange, message.type, Buffer.from(JSON.stringify(message.payload)), {
      persistent: true,
      mandatory: true,
      contentType: 'application/json',
      messageId: message.messageId,
      type: message.type,
      appId: this.options.serviceName,
      timestamp: Math.floor(message.occurredAt.getTime() / 1000),
      headers: message.headers ?? {},
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }
}
