import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  connect,
  type AmqpConnectionManager,
  type ChannelWrapper,
  type CreateChannelOpts,
} from 'amqp-connection-manager';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';

/**
 * The service's one connection to RabbitMQ. It reconnects by itself after a broker restart or
 * network cut and re-runs every channel's setup (topology, consumers), so callers never hold
 * a dead channel. Start-up does not wait for the broker: HTTP serves and readiness says "down".
 */
@Injectable()
export class AmqpConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('RabbitMQ');
  private readonly manager: AmqpConnectionManager;

  constructor(@Inject(MESSAGING_OPTIONS) options: MessagingOptions) {
    this.manager = connect([options.url], {
      heartbeatIntervalInSeconds: 10,
      reconnectTimeInSeconds: 2,
      connectionOptions: { clientProperties: { connection_name: options.serviceName } },
    });
    const target = redact(options.url);
    this.manager.on('connect', () => this.logger.log(`connected to ${target}`));
    this.manager.on('disconnect', ({ err }) =>
      this.logger.warn(`disconnected from ${target}: ${err?.message ?? 'closed'}`),
    );
    this.manager.on('connectFailed', ({ err }) =>
      this.logger.warn(`cannot reach ${target}: ${err?.message}; retrying`),
    );
  }

  isConnected(): boolean {
    return this.manager.isConnected();
  }

  /**
   * A channel re-created (setup re-run) after every reconnect. A setup that fails, e.g. because
   * the connection dropped again halfway, is logged and retried on the next connect; without a
   * listener, the wrapper's 'error' event would crash the process.
   */
  createChannel(options: CreateChannelOpts): ChannelWrapper {
    const channel = this.manager.createChannel({ json: false, confirm: true, ...options });
    channel.on('error', (error: Error, info?: { name?: string }) =>
      this.logger.warn(
        `channel ${info?.name ?? options.name ?? ''} setup failed, will retry on reconnect: ${error.message}`,
      ),
    );
    return channel;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.manager.close();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  parsed.password = parsed.password ? '***' : '';
  return parsed.toString();
}
