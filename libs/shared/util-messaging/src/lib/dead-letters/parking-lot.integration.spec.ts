import { Test, type TestingModule } from '@nestjs/testing';
import { deleteBrokerObjects, testRabbitMqUrl, uniqueName, waitFor } from '@platform/testing';
import { IsString } from 'class-validator';
import { EventPublisher } from '../event-publisher';
import { EventSubscriber } from '../event-subscriber';
import { MessagingModule } from '../messaging.module';
import { deadLetterExchangeOf, parkingQueueOf, retryQueueOf } from '../topology';
import { ParkingLot } from './parking-lot';

class Order {
  @IsString()
  sku!: string;
}

const TYPE = 'test.order.v1';

describe('ParkingLot against the real RabbitMQ', () => {
  const exchange = uniqueName('it-parking');
  const queue = uniqueName('it-parking-consumer');
  let module: TestingModule;
  let lot: ParkingLot;
  const handled: string[] = [];
  let broken = true;

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [
        MessagingModule.forRoot({
          useFactory: () => ({ url: testRabbitMqUrl(), exchange, serviceName: 'it-parking' }),
        }),
      ],
    }).compile();
    await module.init();
    await module.get(EventSubscriber).subscribe({
      queue,
      contracts: { [TYPE]: Order },
      retryDelaysMs: [50],
      handlers: {
        [TYPE]: async ({ sku }: Order) => {
          if (broken) throw new Error(`no stock service for ${sku}`);
          handled.push(sku);
        },
      },
    });
    lot = await ParkingLot.connect(testRabbitMqUrl());
  });

  afterAll(async () => {
    await lot?.close();
    await module?.close();
    await deleteBrokerObjects({
      queues: [queue, parkingQueueOf(queue), retryQueueOf(queue, 50)],
      exchanges: [exchange, deadLetterExchangeOf(exchange)],
    });
  });

  it('shows what is parked and why, then replays chosen messages to the consumer only', async () => {
    const publisher = module.get(EventPublisher);
    for (const sku of ['a', 'b', 'c'])
      await publisher.publish({ messageId: `order-${sku}`, type: TYPE, payload: { sku }, occurredAt: new Date() });
    await waitFor(async () => (await lot.count(queue)) === 3, 10_000, 'three parked messages');

    const parked = await lot.peek(queue, 10);
    expect(parked.map((m) => m.messageId).sort()).toEqual(['order-a', 'order-b', 'order-c']);
    expect(parked[0]).toMatchObject({ type: TYPE, parkedFrom: queue, retries: 1, originalRoutingKey: TYPE });
    expect(parked[0].reason).toMatch(/^failed 2 times, last: no stock service for [abc]$/);
    expect(await lot.count(queue)).toBe(3);

    broken = false;
    expect(await lot.replay(queue, { ids: ['order-b'] })).toEqual({ replayed: ['order-b'], kept: 2 });
    await waitFor(() => handled.includes('b'), 10_000, 'replayed message handled');
    expect(await lot.count(queue)).toBe(2);

    const rest = await lot.replay(queue, { all: true });
    expect(rest.replayed.sort()).toEqual(['order-a', 'order-c']);
    await waitFor(() => handled.length === 3, 10_000, 'all replayed messages handled');
    expect(handled.sort()).toEqual(['a', 'b', 'c']);
    expect(await lot.count(queue)).toBe(0);
  });
});
