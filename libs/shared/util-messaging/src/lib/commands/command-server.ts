import { HttpException, Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { toProblem } from '@platform/util-http';
import { withConsumerSpan } from '@platform/util-tracing';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConsumeMessage } from 'amqplib';
import { AmqpConnection } from '../amqp-connection';
import { decodePayload, InvalidMessageError } from '../decode-payload';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { assertCommandQueue, type CommandReply } from './command-topology';

type Contracts = Record<string, new () => object>;

export interface CommandHandlers<C extends Contracts> {
  /** The owning service's command queue; its instances share the work. */
  queue: string;
  contracts: C;
  /**
   * Handlers return the result sent back. A request can be delivered again after a crash
   * between handling and acknowledging, so handlers must be idempotent (e.g. create with a
   * caller-chosen id).
   */
  handlers: { [K in keyof C]: (payload: InstanceType<C[K]>) => Promise<unknown> };
  prefetch?: number;
}

/**
 * Answers commands from the owning service's queue. The handler's result, or the problem it
 * raised (an HttpException keeps its status; anything else is a 500 without internals), goes
 * back to the caller's reply-to; then the request is acked. Commands are not retried: the caller
 * is waiting and decides.
 */
@Injectable()
export class CommandServer implements BeforeApplicationShutdown {
  private readonly logger = new Logger('CommandServer');
  private readonly channels: ChannelWrapper[] = [];

  constructor(
    private readonly connection: AmqpConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  serve<C extends Contracts>(spec: CommandHandlers<C>): Promise<void> {
    const channel = this.connection.createChannel({
      name: `commands:${spec.queue}`,
      confirm: false,
      setup: async (raw: Channel) => {
        await assertCommandQueue(raw, this.options.exchange, spec.queue, Object.keys(spec.contracts));
        await raw.prefetch(spec.prefetch ?? 20);
        await raw.consume(spec.queue, (message) => message && void this.handle(raw, spec, message), { noAck: false });
      },
    });
    this.channels.push(channel);
    return channel.waitForConnect().then(() => this.logger.log(`serving commands on ${spec.queue}`));
  }

  private async handle<C extends Contracts>(
    channel: Channel,
    spec: CommandHandlers<C>,
    message: ConsumeMessage,
  ): Promise<void> {
    const name = message.properties.type ?? message.fields.routingKey;
    const span = { messageType: name, destination: spec.queue, messageId: message.properties.correlationId };
    const reply = await withConsumerSpan(span, message.properties.headers, () => this.run(spec, name, message));
    try {
      if (message.properties.replyTo) {
        channel.sendToQueue(message.properties.replyTo, Buffer.from(JSON.stringify(reply)), {
          correlationId: message.properties.correlationId,
          contentType: 'application/json',
        });
      }
      channel.ack(message);
    } catch {
      // Channel closed: the request returns to the queue (or expires with its caller's timeout).
    }
  }

  private async run<C extends Contracts>(
    spec: CommandHandlers<C>,
    name: string,
    message: ConsumeMessage,
  ): Promise<CommandReply<unknown>> {
    const contract = spec.contracts[name];
    if (!contract)
      return {
        ok: false,
        problem: { status: 400, type: 'about:blank', title: 'Bad Request', detail: `Unknown command ${name}` },
      };
    try {
      const payload = decodePayload(contract, message.content);
      return { ok: true, result: await spec.handlers[name as keyof C](payload as InstanceType<C[keyof C]>) };
    } catch (error) {
      if (error instanceof InvalidMessageError) {
        return {
          ok: false,
          problem: {
            status: 400,
            type: 'urn:problem-type:validation-error',
            title: 'Bad Request',
            detail: error.message,
          },
        };
      }
      if (!(error instanceof HttpException)) this.logger.error(`${name} failed`, (error as Error)?.stack);
      // `instance` is the caller's to set: the command name means nothing to its HTTP client.
      const problem = toProblem(error, name);
      delete problem.instance;
      return { ok: false, problem };
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.channels.map((channel) => channel.close()));
  }
}
