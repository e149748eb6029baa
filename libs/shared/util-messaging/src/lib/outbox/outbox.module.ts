import { Global, Module, type DynamicModule } from '@nestjs/common';
import { OutboxRecorder } from './outbox-recorder';
import { OutboxRelay } from './outbox-relay';
import { OutboxMetrics } from './outbox.metrics';
import { defaultOutboxOptions, OUTBOX_OPTIONS, type OutboxOptions } from './outbox.options';

/**
 * Outbox recording and relaying for a service that publishes events (needs TypeORM + messaging).
 * Global: a service has one outbox, and its readiness check lives in the health module.
 */
@Global()
@Module({})
export class OutboxModule {
  static forRoot(options: Partial<OutboxOptions> = {}): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        { provide: OUTBOX_OPTIONS, useValue: { ...defaultOutboxOptions, ...options } },
        OutboxRecorder,
        OutboxRelay,
        OutboxMetrics,
      ],
      exports: [OutboxRecorder, OutboxRelay],
    };
  }
}
