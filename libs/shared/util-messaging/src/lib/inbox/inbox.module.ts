import { Module, type DynamicModule } from '@nestjs/common';
import { Inbox } from './inbox';
import { defaultInboxOptions, INBOX_OPTIONS, type InboxOptions } from './inbox.options';

/** Idempotent consumption for a service that consumes events (needs its TypeORM connection). */
@Module({})
export class InboxModule {
  static forRoot(options: Partial<InboxOptions> = {}): DynamicModule {
    return {
      module: InboxModule,
      providers: [{ provide: INBOX_OPTIONS, useValue: { ...defaultInboxOptions, ...options } }, Inbox],
      exports: [Inbox],
    };
  }
}
