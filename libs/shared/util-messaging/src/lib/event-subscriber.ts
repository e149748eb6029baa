import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { recordFailure, withConsumerSpan } from '@platform/util-tracing';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConsumeMessage } from 'amqplib';
import { AmqpConnection } from './amqp-connection';
import { decodePayload, InvalidMessageError } from './decode-payload';
import type { IncomingMessageMeta } from './message-envelope';
import { copyProperties, MessageHeaders, originalRoutingKey, retriesSoFar } from './message-headers';
import { MessagingStats } from './messaging-stats';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { assertConsumerQueue, assertInstanceQueue, parkingQueueOf, retryQueueOf } from './topology';

type Contracts = Record<string, new () => object>;

export interface Subscription<C extends Contracts> {
  /** The consuming service's own queue: every service gets its own copy of each event. */
  queue: string;
  /** Payload class of each message name handled; the queue is bound to exactly these names. */
  contracts: C;
  handlers: { [K in keyof C]: (payload: InstanceType<C[K]>, meta: IncomingMessageMeta) => Promise<void> };
  /** Unacknowledged messages in flight per consumer. */
  prefetch?: number;
  /** Waits before each retry of a message whose handler failed; then it is parked. */
  retryDelaysMs?: readonly number[];
  /**
   * A queue of this instance alone (`queue` must then be unique to it): exclusive to the
   * connection and deleted with it, so every instance gets every message, e.g. to drop entries
   * of an in-memory cache. It has no retry or parking queues: a message whose handler fails is
   * logged and dropped, so such handlers must fail safe. Messages published while the
   * connection is down never reach it.
   */
  exclusive?: boolean;
  /** Told when consuming starts (again after each reconnect) and when it stops (channel closed). */
  onConsuming?: (consuming: boolean) => void;
}

export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000] as const;

/** Deliveries after which the broker parks a message that keeps crashing the consumer. */
const DELIVERY_LIMIT = 10;
/** How long a retry or parking hand-over may take before the message is given back instead. */
const FORWARD_TIMEOUT_MS = 5_000;

interface Consumer {
  wrapper: ChannelWrapper;
  /** The live channel and its consumer tag, replaced on every reconnect. */
  current?: { channel: Channel; consumerTag: string };
}

/** How long shutdown waits for handlers already running before closing their channels. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Consumes a service's queue with manual acknowledgements: a message is acked only after its
 * handler's work has resolved. A handler that throws has the message retried after increasing
 * delays (through TTL'd retry queues, so the messages behind it keep flowing), then parked with
 * the reason in its headers; a message that fails its contract is parked at once. A hand-over
 * to a retry or parking queue is confirmed by the broker before the original is acked.
 */
@Injectable()
export class EventSubscriber implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventSubscriber');
  private readonly consumers: Consumer[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Confirm channel for hand-overs to retry and parking queues. */
  private readonly forwarder: ChannelWrapper;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly stats: MessagingStats,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.forwarder = connection.createChannel({ name: 'consumer-forwarder', publishTimeout: FORWARD_TIMEOUT_MS });
  }

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
      retryDelaysMs: subscription.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
      deliveryLimit: DELIVERY_LIMIT,
    };
    const consumer: Consumer = {
      wrapper: this.connection.createChannel({
        name: `consumer:${subscription.queue}`,
        confirm: false,
        // Consuming here, on the raw channel, ties each message to the channel it came from:
        // its ack goes there, never to a newer channel where its delivery tag means another message.
        setup: async (channel: Channel) => {
          await (subscription.exclusive ? assertInstanceQueue(channel, spec) : assertConsumerQueue(channel, spec));
          await channel.prefetch(subscription.prefetch ?? 20);
          const { consumerTag } = await channel.consume(
            subscription.queue,
            (message) =>
              message &&
              this.track(
                this.traced(channel, subscription, message).catch((error: Error) =>
                  this.giveBack(channel, message, error),
                ),
              ),
            { noAck: false },
          );
          consumer.current = { channel, consumerTag };
          if (subscription.onConsuming) {
            channel.once('close', () => subscription.onConsuming?.(false));
            subscription.onConsuming(true);
          }
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

  /** Handles the message in a CONSUMER span that continues the producer's trace (its headers). */
  private traced<C extends Contracts>(
    channel: Channel,
    subscription: Subscription<C>,
    message: ConsumeMessage,
  ): Promise<void> {
    const span = {
      messageType: message.properties.type ?? message.fields.routingKey,
      destination: subscription.queue,
      messageId: message.properties.messageId,
    };
    return withConsumerSpan(span, message.properties.headers, () => this.dispatch(channel, subscription, message));
  }

  private async dispatch<C extends Contracts>(
    channel: Channel,
    subscription: Subscription<C>,
    message: ConsumeMessage,
  ): Promise<void> {
    const counts = this.stats.consumer(subscription.queue);
    const type = message.properties.type ?? message.fields.routingKey;
    const meta: IncomingMessageMeta = {
      messageId: message.properties.messageId,
      type,
      redelivered: message.fields.redelivered,
      headers: message.properties.headers ?? {},
    };
    const contract = subscription.contracts[type];
    if (!contract) return this.park(channel, subscription, message, `no handler for message type "${type}"`);
    let payload: object;
    try {
      payload = decodePayload(contract, message.content);
    } catch (error) {
      if (error instanceof InvalidMessageError)
        return this.park(channel, subscription, message, `invalid payload: ${error.message}`);
      throw error;
    }
    try {
      await subscription.handlers[type as keyof C](payload as InstanceType<C[keyof C]>, meta);
      counts.processed++;
      settle(() => channel.ack(message));
    } catch (error) {
      recordFailure(error);
      await this.retryOrPark(channel, subscription, message, (error as Error).message ?? String(error));
    }
  }

  /** Last resort for an error dispatch did not expect: log it and return the message to its queue. */
  private giveBack(channel: Channel, message: ConsumeMessage, error: Error): void {
    this.logger.error(
      `${message.properties.type} ${message.properties.messageId} failed unexpectedly, returning it to the queue`,
      error.stack,
    );
    settle(() => channel.nack(message, false, true));
  }

  private async retryOrPark(
    channel: Channel,
    subscription: Subscription<Contracts>,
    message: ConsumeMessage,
    reason: string,
  ) {
    if (subscription.exclusive) return this.drop(channel, message, reason);
    const delays = subscription.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const attempt = retriesSoFar(message);
    if (attempt >= delays.length) {
      return this.park(channel, subscription, message, `failed ${attempt + 1} times, last: ${reason}`);
    }
    this.logger.warn(
      `${message.properties.type} ${message.properties.messageId} failed, retry ${attempt + 1} in ${delays[attempt]} ms: ${reason}`,
    );
    const handedOver = await this.forward(channel, message, retryQueueOf(subscription.queue, delays[attempt]), {
      [MessageHeaders.retryCount]: attempt + 1,
      [MessageHeaders.lastError]: reason.slice(0, 1000),
      [MessageHeaders.originalRoutingKey]: originalRoutingKey(message),
    });
    if (handedOver) this.stats.consumer(subscription.queue).retried++;
  }

  private async park(
    channel: Channel,
    subscription: Subscription<Contracts>,
    message: ConsumeMessage,
    reason: string,
  ): Promise<void> {
    if (subscription.exclusive) return this.drop(channel, message, reason);
    recordFailure(new Error(`parked: ${reason}`));
    this.logger.error(
      `parking ${message.properties.type} ${message.properties.messageId} in ${parkingQueueOf(subscription.queue)}: ${reason}`,
    );
    const handedOver = await this.forward(channel, message, parkingQueueOf(subscription.queue), {
      [MessageHeaders.parkedReason]: reason.slice(0, 1000),
      [MessageHeaders.parkedAt]: new Date().toISOString(),
      [MessageHeaders.parkedFrom]: subscription.queue,
      [MessageHeaders.originalRoutingKey]: originalRoutingKey(message),
    });
    if (handedOver) this.stats.consumer(subscription.queue).parked++;
  }

  /** An instance queue has nowhere to retry or park: the message is logged and dropped. */
  private drop(channel: Channel, message: ConsumeMessage, reason: string): void {
    recordFailure(new Error(`dropped: ${reason}`));
    this.logger.error(
      `dropping ${message.properties.type} ${message.properties.messageId} from an instance queue: ${reason}`,
    );
    settle(() => channel.nack(message, false, false));
  }

  /**
   * Copies the message to `queue` (default exchange) and acks the original once the broker has
   * confirmed the copy. If the copy cannot be made, the original goes back to its queue as it is.
   */
  private async forward(
    channel: Channel,
    message: ConsumeMessage,
    queue: string,
    headers: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.forwarder.publish('', queue, message.content, copyProperties(message, headers));
      settle(() => channel.ack(message));
      return true;
    } catch (error) {
      this.logger.warn(
        `cannot move ${message.properties.messageId} to ${queue}, returning it to the queue: ${(error as Error).message}`,
      );
      settle(() => channel.nack(message, false, true));
      return false;
    }
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
    await Promise.all([...this.consumers.map(({ wrapper }) => wrapper.close()), this.forwarder.close()]);
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
