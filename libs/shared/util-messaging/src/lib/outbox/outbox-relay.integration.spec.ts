import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  createTestDatabase,
  deleteBrokerObjects,
  TestQueue,
  testRabbitMqUrl,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@platform/testing';
import { DataSource } from 'typeorm';
import { MessagingModule } from '../messaging.module';
import { CreateOutboxMessages1763719200000 } from './create-outbox-messages.migration';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxModule } from './outbox.module';
import { OutboxRecorder } from './outbox-recorder';
import { OutboxRelay } from './outbox-relay';

async function startService(database: TestDatabase, rabbitUrl: string, exchange: string): Promise<TestingModule> {
  const module = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        type: 'postgres',
        url: database.url,
        entities: [OutboxMessageEntity],
        migrations: [CreateOutboxMessages1763719200000],
        migrationsRun: true,
      }),
      MessagingModule.forRoot({ useFactory: () => ({ url: rabbitUrl, exchange, serviceName: 'it' }) }),
      OutboxModule.forRoot({ pollIntervalMs: 200, batchSize: 10 }),
    ],
  }).compile();
  await module.init();
  return module;
}

describe('outbox relay against the real PostgreSQL and RabbitMQ', () => {
  const exchange = uniqueName('it-outbox');
  let database: TestDatabase;
  let observer: TestQueue;

  beforeAll(async () => {
    database = await createTestDatabase('it_outbox');
    observer = await TestQueue.bind(exchange, ['test.#']);
  });

  afterAll(async () => {
    await observer.close();
    await deleteBrokerObjects({ exchanges: [exchange] });
    await database.drop();
  });

  const record = async (module: TestingModule, count: number, aggregateId: string) => {
    const dataSource = module.get(DataSource);
    const recorder = module.get(OutboxRecorder);
    await dataSource.transaction(async (manager) => {
      for (let i = 0; i < count; i++) {
        await recorder.record(manager, {
          type: 'test.counted.v1',
          aggregateId,
          payload: { i },
          occurredAt: new Date(),
        });
      }
    });
  };

  it('publishes committed rows in order, in batches, and marks them published', async () => {
    const module = await startService(database, testRabbitMqUrl(), exchange);
    try {
      await record(module, 25, 'order-test');
      module.get(OutboxRelay).wake();
      await waitFor(
        () => observer.received.filter((m) => m.type === 'test.counted.v1').length === 25,
        10_000,
        '25 events',
      );
      expect(observer.received.map((m) => m.body['i'])).toEqual([...Array(25).keys()]);
      const [{ pending }] = await database.query<{ pending: string }>(
        `SELECT count(*) AS pending FROM outbox_messages WHERE published_at IS NULL`,
      );
      expect(Number(pending)).toBe(0);
    } finally {
      await module.close();
    }
  });

  it('holds back the rest of an aggregate behind a row that cannot be published, and no other aggregate', async () => {
    const module = await startService(database, testRabbitMqUrl(), exchange);
    let late: TestQueue | undefined;
    try {
      const recorder = module.get(OutboxRecorder);
      await module.get(DataSource).transaction(async (manager) => {
        await recorder.record(manager, {
          type: 'late.first.v1',
          aggregateId: 'held',
          payload: { step: 1 },
          occurredAt: new Date(),
        });
        await recorder.record(manager, {
          type: 'test.second.v1',
          aggregateId: 'held',
          payload: { step: 2 },
          occurredAt: new Date(),
        });
        await recorder.record(manager, {
          type: 'test.other.v1',
          aggregateId: 'free',
          payload: { step: 1 },
          occurredAt: new Date(),
        });
      });
      module.get(OutboxRelay).wake();
      await observer.waitFor((m) => m.type === 'test.other.v1');
      // The failure is recorded when the relay's batch commits, which may be just after delivery.
      const held = await waitFor(
        async () => {
          const rows = await database.query<{ type: string; attempts: number; backing_off: boolean }>(
            `SELECT type, attempts, next_attempt_at > now() AS backing_off FROM outbox_messages
           WHERE aggregate_id = 'held' AND published_at IS NULL ORDER BY id`,
          );
          return rows[0]?.attempts === 1 && rows;
        },
        10_000,
        'the failed publish to be recorded',
      );
      expect(held).toEqual([
        { type: 'late.first.v1', attempts: 1, backing_off: true },
        { type: 'test.second.v1', attempts: 0, backing_off: null },
      ]);
      expect(observer.received.some((m) => m.type === 'test.second.v1')).toBe(false);

      late = await TestQueue.bind(exchange, ['late.#', 'test.second.v1']);
      await late.waitFor((m) => m.type === 'test.second.v1', 15_000);
      expect(late.received.map((m) => m.type)).toEqual(['late.first.v1', 'test.second.v1']);
    } finally {
      await late?.close();
      await module.close();
    }
  });

  it('rolls the event back with the change: nothing recorded, nothing published', async () => {
    const module = await startService(database, testRabbitMqUrl(), exchange);
    try {
      const before = observer.received.length;
      await expect(
        module.get(DataSource).transaction(async (manager) => {
          await module
            .get(OutboxRecorder)
            .record(manager, { type: 'test.rolled-back.v1', aggregateId: 'x', payload: {}, occurredAt: new Date() });
          throw new Error('change failed');
        }),
      ).rejects.toThrow('change failed');
      module.get(OutboxRelay).wake();
      await module.get(OutboxRelay).idle();
      expect(observer.received.length).toBe(before);
      expect(await database.query(`SELECT 1 FROM outbox_messages WHERE type = 'test.rolled-back.v1'`)).toEqual([]);
    } finally {
      await module.close();
    }
  });

  it('keeps rows while the broker is unreachable and publishes them once it is back', async () => {
    const unreachable = await startService(database, 'amqp://guest:guest@127.0.0.1:1', exchange);
    try {
      await record(unreachable, 3, 'outage-test');
      unreachable.get(OutboxRelay).wake();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const rows = await database.query<{ published: boolean }>(
        `SELECT published_at IS NOT NULL AS published FROM outbox_messages WHERE aggregate_id = 'outage-test'`,
      );
      expect(rows).toEqual([{ published: false }, { published: false }, { published: false }]);
    } finally {
      await unreachable.close();
    }
    const reachable = await startService(database, testRabbitMqUrl(), exchange);
    try {
      await waitFor(
        async () =>
          (
            await database.query(
              `SELECT 1 FROM outbox_messages WHERE aggregate_id = 'outage-test' AND published_at IS NULL`,
            )
          ).length === 0,
        10_000,
        'rows published after recovery',
      );
      // Confirmed by the broker is not yet consumed by the observer: wait for it to see them.
      await waitFor(
        () => observer.received.filter((m) => m.type === 'test.counted.v1').length >= 28,
        10_000,
        'the observer to receive them',
      );
    } finally {
      await reachable.close();
    }
  });
});
