import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConsumeMessage } from 'amqplib';
import { AmqpConnection } from './amqp-connection';
import { decodePayload, InvalidMessageError } from './decode-payload';
import type { IncomingMessageMeta } from './message-envelope';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { assertConsumerQueue } from './topology';

type Contracts = Record<string, new () => object>;

export interface Subscription<C extends Contracts> {
  /** The consuming service's own queue: every service gets its own copy of each event. */
  queue: string;
  /** Payload class of each message name handled; the queue is bound to exactly these names. */
  contracts: C;
  handlers: { [K in keyof C]: (payload: InstanceType<C[K]>, meta: IncomingMessageMeta) => Promise<void> };
  /** Unacknowledged messages in flight per consumer. */
  prefetch?: number;
  /** Deliveries before a failing message is parked. */
  deliveryLimit?: number;
}

/**
 * Consumes a service's queue with manual acknowledgements: a message is acked only after its
 * handler's work has resolved. A handler that throws gets the message back (requeued, up to the
 * queue's delivery limit, then parked); a message that fails its contract is parked at once.
 */
@Injectable()
export class EventSubscriber implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventSubscriber');
  private readonly channels: ChannelWrapper[] = [];

  constructor(
    private readonly connection: AmqpConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /**
   * Declares the queue and starts consuming, now or as soon as the broker is reachable. The
   * promise settles once the consumer is established; an app need not wait for it.
   */
  subscribe<C extends Contracts>(subscription: Subscription<C>): Promise<void> {
    const spec = {
      exchange: this.options.exchange,
      queue: subscription.queue,
      patterns: Object.keys(subscription.contracts),
      deliveryLimit: subscription.deliveryLimit ?? 5,
    };
    const channel = this.connection.createChannel({
      name: `consumer:${subscription.queue}`,
      confirm: false,
      setup: (raw: Channel) => assertConsumerQueue(raw, spec),
    });
    this.channels.push(channel);
    // Registered once the queue exists; the channel then re-creates the consumer on every reconnect.
    return channel
      .waitForConnect()
      .then(() =>
        channel.consume(subscription.queue, (message) => void this.dispatch(channel, subscription, message), {
          noAck: false,
          prefetch: subscription.prefetch ?? 20,
        }),
      )
      .then(() => this.logger.log(`consuming ${subscription.queue}`))
      .catch((error: Error) => this.logger.error(`cannot consume ${subscription.queue}: ${error.message}`));
  }

  private async dispatch<C extends Contracts>(channel: ChannelWrapper, subscription: Subscription<C>, message: ConsumeMessage) {
    const type = message.properties.type ?? message.fields.routingKey;
    const meta: IncomingMessageMeta = {
      messageId: message.properties.messageId,
      type,
      redelivered: message.fields.redelivered,
      headers: message.properties.headers ?? {},
    };
    const contract = subscription.contracts[type];
    if (!contract) return this.park(channel, message, `no handler for message type "${type}"`);
    let payload: object;
    try {
      payload = decodePayload(contract, message.content);
    } catch (error) {
      if (error instanceof InvalidMessageError) return this.park(channel, message, error.message);
      throw error;
    }
    try {
      await subscription.handlers[type as keyof C](payload as InstanceType<C[keyof C]>, meta);
      channel.ack(message);
    } catch (error) {
      this.logger.warn(`${type} ${meta.messageId} failed, will be redelivered: ${(error as Error).message}`);
      channel.nack(message, false, true);
    }
  }

  private park(channel: ChannelWrapper, message: ConsumeMessage, reason: string): void {
    this.logger.error(`parking ${message.properties.type} ${message.properties.messageId}: ${reason}`);
    channel.nack(message, false, false);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.channels.map((channel) => channel.close()));
  }
}
