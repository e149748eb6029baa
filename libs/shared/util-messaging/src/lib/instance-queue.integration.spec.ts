import { Test, type TestingModule } from '@nestjs/testing';
import { deleteBrokerObjects, testRabbitMqUrl, uniqueName, waitFor } from '@platform/testing';
import { connect } from 'amqplib';
import { IsString } from 'class-validator';
import { EventPublisher } from './event-publisher';
import { EventSubscriber } from './event-subscriber';
import { MessagingModule } from './messaging.module';

class ChangedEvent {
  @IsString()
  id!: string;
}

const CHANGED = 'test.changed.v1';

/** Two instances with instance queues: each gets every message; the queues go with the instances. */
describe('instance queues against the real RabbitMQ', () => {
  const exchange = uniqueName('it-instance-events');
  const queues = [uniqueName('it-instance-a'), uniqueName('it-instance-b')];
  const instances: TestingModule[] = [];
  const seen: string[][] = [[], []];
  const consuming: boolean[][] = [[], []];

  beforeAll(async () => {
    for (const [index, queue] of queues.entries()) {
      const module = await Test.createTestingModule({
        imports: [
          MessagingModule.forRoot({
            useFactory: () => ({ url: testRabbitMqUrl(), exchange, serviceName: `it-${index}` }),
          }),
        ],
      }).compile();
      await module.init();
      instances.push(module);
      await module.get(EventSubscriber).subscribe({
        queue,
        exclusive: true,
        contracts: { [CHANGED]: ChangedEvent },
        handlers: {
          [CHANGED]: async (event: ChangedEvent) => {
            if (event.id === 'poison') throw new Error('cannot cope');
            seen[index].push(event.id);
          },
        },
        onConsuming: (state) => consuming[index].push(state),
      });
    }
  });

  afterAll(async () => {
    await Promise.all(instances.map((module) => module.close()));
    await deleteBrokerObjects({ exchanges: [exchange] });
  });

  it('delivers every message to every instance, drops a failing one, and deletes the queues on close', async () => {
    expect(consuming).toEqual([[true], [true]]);
    const publisher = instances[0].get(EventPublisher);
    for (const id of ['poison', 'one', 'two']) {
      await publisher.publish({ messageId: uniqueName('msg'), type: CHANGED, payload: { id }, occurredAt: new Date() });
    }
    await waitFor(() => seen.every((ids) => ids.length === 2), 10_000, 'both instances to handle both messages');
    expect(seen).toEqual([
      ['one', 'two'],
      ['one', 'two'],
    ]);

    await instances[1].close();
    instances.pop();
    expect(consuming[1]).toEqual([true, false]);
    const connection = await connect(testRabbitMqUrl());
    try {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      await expect(channel.checkQueue(queues[1])).rejects.toThrow(/NOT_FOUND/);
    } finally {
      await connection.close().catch(() => undefined);
    }
  });
});
