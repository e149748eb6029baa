import { Global, Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { AmqpConnection } from './amqp-connection';
import { EventPublisher } from './event-publisher';
import { CommandClient } from './commands/command-client';
import { CommandServer } from './commands/command-server';
import { EventSubscriber } from './event-subscriber';
import { MessagingStats } from './messaging-stats';
import { MessagingMetrics } from './messaging.metrics';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';

export interface MessagingModuleOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest factories receive their injected deps untyped
  useFactory: (...deps: any[]) => MessagingOptions;
  inject?: InjectionToken[];
}

/** The connection, publisher and subscriber of one app; global, as an app has one broker. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        AmqpConnection,
        MessagingStats,
        EventPublisher,
        EventSubscriber,
        CommandClient,
        CommandServer,
        MessagingMetrics,
      ],
      exports: [
        MESSAGING_OPTIONS,
        AmqpConnection,
        MessagingStats,
        EventPublisher,
        EventSubscriber,
        CommandClient,
        CommandServer,
      ],
    };
  }
}
