import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { usersEventPayloads, UsersEvents } from '@platform/contracts';
import { createTestDatabase, uniqueName, type TestDatabase } from '@platform/testing';
import {
  CreateInboxMessages1763719250000,
  EventSubscriber,
  Inbox,
  InboxMessageEntity,
  InboxModule,
  MessagingModule,
  type IncomingMessageMeta,
} from '@platform/util-messaging';

/**
 * A second consumer of users events (besides auth), in the test process, whose effect is NOT
 * idempotent by itself: one row per handled message. Behind the inbox, each event must leave
 * exactly one row; a lost event leaves none, a double application two.
 */
export class CountingConsumer {
  private constructor(
    private readonly module: TestingModule,
    readonly database: TestDatabase,
    readonly queue: string,
  ) {}

  static async start(rabbitMqUrl: string, exchange: string, postgresAdminUrl: string): Promise<CountingConsumer> {
    const database = await createTestDatabase('fault_counter', postgresAdminUrl);
    await database.query('CREATE TABLE effects (message_id text NOT NULL, type text NOT NULL)');
    const module = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: database.url,
          entities: [InboxMessageEntity],
          migrations: [CreateInboxMessages1763719250000],
          migrationsRun: true,
          extra: { max: 4, connectionTimeoutMillis: 2000 },
        }),
        MessagingModule.forRoot({ useFactory: () => ({ url: rabbitMqUrl, exchange, serviceName: 'fault-counter' }) }),
        InboxModule.forRoot(),
      ],
    }).compile();
    await module.init();
    const queue = uniqueName('fault-counter');
    const inbox = module.get(Inbox);
    const count = (meta: IncomingMessageMeta) =>
      inbox
        .runOnce('fault-counter', meta.messageId, (manager) =>
          manager.query('INSERT INTO effects VALUES ($1, $2)', [meta.messageId, meta.type]),
        )
        .then(() => undefined);
    await module.get(EventSubscriber).subscribe({
      queue,
      contracts: usersEventPayloads,
      retryDelaysMs: [500, 2_000, 5_000],
      handlers: {
        [UsersEvents.UserCreated]: (_event, meta) => count(meta),
        [UsersEvents.UserUpdated]: (_event, meta) => count(meta),
        [UsersEvents.UserDeleted]: (_event, meta) => count(meta),
      },
    });
    return new CountingConsumer(module, database, queue);
  }

  /** Message id → how many effects it left. */
  async effects(): Promise<Map<string, number>> {
    const rows = await this.database.query<{ message_id: string; n: number }>(
      'SELECT message_id, count(*)::int AS n FROM effects GROUP BY message_id',
    );
    return new Map(rows.map((row) => [row.message_id, row.n]));
  }

  async stop(): Promise<void> {
    await this.module.close();
    await this.database.drop().catch(() => undefined);
  }
}
