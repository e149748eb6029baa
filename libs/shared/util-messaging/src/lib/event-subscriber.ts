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

interface Consumer {
  wrapper: ChannelWrapper;
  /** The live channel and its consumer tag, replaced on every reconnect. */
  current?: { channel: Channel; consumerTag: string };
}

/** How long shutdown waits for handlers already running before closing their channels. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Consumes a service's queue with manual acknowledgements: a message is acked only after its
 * handler's work has resolved. A handler that throws gets the message back (requeued, up to the
 * queue's delivery limit, then parked); a message that fails its contract is parked at once.
 */
@Injectable()
export class EventSubscriber implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventSubscriber');
  private readonly consumers: Consumer[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly connection: AmqpConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /**
   * Declares the queue and starts consuming, now or as soon as the broker is reachable, and again
   * after every reconnect. The promise settles once the consumer is established; an app need not
   * wait for it (it serves, not ready, while the broker is away).
   */
  subscribe<C extends Contracts>(subscription: Subscription<C>): Promise<void> {
    const spec = {
      exchange: this.options.exchange,
      queue: subscription.queue,
      patterns: Object.keys(subscription.contracts),
      deliveryLimit: subscription.deliveryLimit ?? 5,
    };
    const consumer: Consumer = {
      wrapper: this.connection.createChannel({
        name: `consumer:${subscription.queue}`,
        confirm: false,
        // Consuming here, on the raw channel, ties each message to the channel it came from:
        // its ack goes there, never to a newer channel where its delivery tag means another message.
        setup: async (channel: Channel) => {
          await assertConsumerQueue(channel, spec);
          await channel.prefetch(subscription.prefetch ?? 20);
          const { consumerTag } = await channel.consume(
            subscription.queue,
            (message) => message && this.track(this.dispatch(channel, subscription, message)),
            { noAck: false },
          );
          consumer.current = { channel, consumerTag };
        },
      }),
    };
    this.consumers.push(consumer);
    return consumer.wrapper
      .waitForConnect()
      .then(() => this.logger.log(`consuming ${subscription.queue}`))
      .catch((error: Error) => this.logger.error(`cannot consume ${subscription.queue}: ${error.message}`));
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async dispatch<C extends Contracts>(channel: Channel, subscription: Subscription<C>, message: ConsumeMessage): Promise<void> {
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
      settle(() => channel.ack(message));
    } catch (error) {
      this.logger.warn(`${type} ${meta.messageId} failed, will be redelivered: ${(error as Error).message}`);
      settle(() => channel.nack(message, false, true));
    }
  }

  private park(channel: Channel, message: ConsumeMessage, reason: string): void {
    this.logger.error(`parking ${message.properties.type} ${message.properties.messageId}: ${reason}`);
    settle(() => channel.nack(message, false, false));
  }

  /** Stops taking messages, lets running handlers finish (bounded), then closes the channels. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.consumers.map(({ current }) => current?.channel.cancel(current.consumerTag).catch(() => undefined)),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_TIMEOUT_MS)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
    await Promise.all(this.consumers.map(({ wrapper }) => wrapper.close()));
  }
}

/**
 * Acks or nacks on the message's own channel. If that channel has closed meanwhile, the broker
 * has already returned the message to the queue and will redeliver it: nothing to do.
 */
function settle(action: () => void): void {
  try {
    action();
  } catch {
    // IllegalOperationError: channel closed.
  }
}
