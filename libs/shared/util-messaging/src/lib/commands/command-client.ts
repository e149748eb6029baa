import { HttpStatus, Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { ProblemException, ProblemTypes } from '@platform/util-http';
import { withProducerSpan } from '@platform/util-tracing';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { AmqpConnection } from '../amqp-connection';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { commandExchangeOf, DIRECT_REPLY_TO, type CommandReply } from './command-topology';

interface Pending {
  resolve: (reply: CommandReply<unknown>) => void;
  timer: NodeJS.Timeout;
}

/**
 * Sends a command to the service that owns it and waits for its answer, at most `timeoutMs`.
 * While the broker is unreachable it fails at once; no answer in time is also a 503 (the owner
 * is down or overloaded), never a hang. A problem the handler raised (409, 404, ...) comes back
 * as the same problem. The request expires in the broker with the timeout, so a handler that
 * starts late does not act on a request nobody waits for.
 */
@Injectable()
export class CommandClient implements BeforeApplicationShutdown {
  private readonly channel: ChannelWrapper;
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly connection: AmqpConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.channel = connection.createChannel({
      name: 'command-client',
      confirm: false,
      // Direct reply-to: replies arrive on the channel that published the request. A request no
      // queue is bound for comes back at once (mandatory) instead of waiting for the timeout.
      setup: async (raw: Channel) => {
        // Declared here too, so a request sent before any handler ever ran is returned
        // (no queue bound) instead of killing the channel (no such exchange) and timing out.
        await raw.assertExchange(commandExchangeOf(options.exchange), 'direct', { durable: true });
        raw.on('return', (returned: ConsumeMessage) =>
          this.answer(returned.properties.correlationId, { ok: false, problem: noHandler(returned.properties.type) }),
        );
        await raw.consume(DIRECT_REPLY_TO, (message) => message && this.settle(message), { noAck: true });
      },
    });
  }

  async request<R>(command: string, payload: object, timeoutMs = 5_000): Promise<R> {
    if (!this.connection.isConnected()) throw unavailable(command, 'the message broker is unreachable');
    const correlationId = randomUUID();
    const reply = new Promise<CommandReply<unknown>>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        resolve({ ok: false, problem: timedOut(command, timeoutMs) });
      }, timeoutMs);
      this.pending.set(correlationId, { resolve, timer });
    });
    try {
      // The request carries the caller's trace, so the handler's work joins it.
      const span = { messageType: command, destination: commandExchangeOf(this.options.exchange) };
      await withProducerSpan(span, undefined, (headers) =>
        this.send(command, payload, { correlationId, timeoutMs, headers }),
      );
    } catch (error) {
      this.drop(correlationId);
      throw unavailable(command, (error as Error).message);
    }
    const answer = await reply;
    if (answer.ok) return answer.result as R;
    throw new ProblemException(
      answer.problem.status,
      answer.problem as ConstructorParameters<typeof ProblemException>[1],
    );
  }

  private async send(
    command: string,
    payload: object,
    request: { correlationId: string; timeoutMs: number; headers: Record<string, unknown> },
  ): Promise<void> {
    await this.channel.publish(
      commandExchangeOf(this.options.exchange),
      command,
      Buffer.from(JSON.stringify(payload)),
      {
        headers: request.headers,
        correlationId: request.correlationId,
        replyTo: DIRECT_REPLY_TO,
        type: command,
        contentType: 'application/json',
        expiration: String(request.timeoutMs),
        appId: this.options.serviceName,
        mandatory: true,
      },
    );
  }

  private settle(message: ConsumeMessage): void {
    let reply: CommandReply<unknown>;
    try {
      reply = JSON.parse(message.content.toString('utf8')) as CommandReply<unknown>;
    } catch {
      reply = {
        ok: false,
        problem: {
          status: 502,
          type: ProblemTypes.badGateway,
          title: 'Bad Gateway',
          detail: 'The command handler sent an unreadable answer.',
        },
      };
    }
    this.answer(message.properties.correlationId, reply);
  }

  /** Hands the reply to the waiting caller, if it is still waiting. */
  private answer(correlationId: string, reply: CommandReply<unknown>): void {
    const pending = this.pending.get(correlationId);
    if (!pending) return;
    this.drop(correlationId);
    pending.resolve(reply);
  }

  private drop(correlationId: string): void {
    clearTimeout(this.pending.get(correlationId)?.timer);
    this.pending.delete(correlationId);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }
}

function unavailable(command: string, reason: string): ProblemException {
  return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, {
    type: ProblemTypes.dependencyUnavailable,
    detail: `Cannot send ${command} now: ${reason}. Try again shortly.`,
  });
}

function noHandler(command: string) {
  return {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    type: ProblemTypes.dependencyUnavailable,
    title: 'Service Unavailable',
    detail: `No service handles ${command} at the moment. Try again shortly.`,
  };
}

function timedOut(command: string, timeoutMs: number) {
  return {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    type: ProblemTypes.dependencyUnavailable,
    title: 'Service Unavailable',
    detail: `No answer to ${command} within ${timeoutMs} ms: the service that handles it is down or overloaded. Try again shortly.`,
  };
}
