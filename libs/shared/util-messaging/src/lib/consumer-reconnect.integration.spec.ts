import { Test, type TestingModule } from '@nestjs/testing';
import { deleteBrokerObjects, TcpProxy, testRabbitMqUrl, uniqueName, waitFor } from '@platform/testing';
import { IsInt } from 'class-validator';
import { AmqpConnection } from './amqp-connection';
import { EventPublisher } from './event-publisher';
import { DEFAULT_RETRY_DELAYS_MS, EventSubscriber } from './event-subscriber';
import { MessagingModule } from './messaging.module';
import { deadLetterExchangeOf, parkingQueueOf, retryQueueOf } from './topology';

class Numbered {
  @IsInt()
  n!: number;
}

const TYPE = 'test.numbered.v1';

async function messagingModule(url: string, exchange: string): Promise<TestingModule> {
  const module = await Test.createTestingModule({
    imports: [MessagingModule.forRoot({ useFactory: () => ({ url, exchange, serviceName: 'it-reconnect' }) })],
  }).compile();
  await module.init();
  return module;
}

describe('a consumer whose connection is cut mid-stream', () => {
  const exchange = uniqueName('it-reconnect');
  const queue = uniqueName('it-reconnect-consumer');
  let proxy: TcpProxy;
  let consumerSide: TestingModule;
  let publisherSide: TestingModule;

  beforeAll(async () => {
    const broker = new URL(testRabbitMqUrl());
    proxy = await TcpProxy.start(Number(broker.port || 5672), broker.hostname);
    broker.port = String(proxy.port);
    consumerSide = await messagingModule(broker.toString(), exchange);
    publisherSide = await messagingModule(testRabbitMqUrl(), exchange);
  });

  afterAll(async () => {
    await consumerSide?.close();
    await publisherSide?.close();
    await proxy?.close();
    const retryQueues = DEFAULT_RETRY_DELAYS_MS.map((delayMs) => retryQueueOf(queue, delayMs));
    await deleteBrokerObjects({
      queues: [queue, parkingQueueOf(queue), ...retryQueues],
      exchanges: [exchange, deadLetterExchangeOf(exchange)],
    });
  });

  it('reconnects by itself and handles every message at least once, acking none unhandled', async () => {
    const handled = new Map<number, number>();
    await consumerSide.get(EventSubscriber).subscribe({
      queue,
      contracts: { [TYPE]: Numbered },
      prefetch: 10,
      handlers: {
        [TYPE]: async ({ n }: Numbered) => {
          // A few handlers outlast the reconnect (~2 s): their acks must not reach the new channel.
          await new Promise((resolve) => setTimeout(resolve, n % 40 === 0 ? 3_000 : 5));
          handled.set(n, (handled.get(n) ?? 0) + 1);
        },
      },
    });
    const publisher = publisherSide.get(EventPublisher);
    const total = 300;
    for (let n = 0; n < total; n++) {
      await publisher.publish({ messageId: `m-${n}`, type: TYPE, payload: { n }, occurredAt: new Date() });
      if (n === 100 || n === 200) {
        await waitFor(
          () => consumerSide.get(AmqpConnection).isConnected(),
          10_000,
          'consumer connected before the cut',
        );
        expect(proxy.cutConnections()).toBeGreaterThan(0);
      }
    }
    await waitFor(() => handled.size === total, 30_000, `all ${total} messages handled (${handled.size} so far)`);
    expect(consumerSide.get(AmqpConnection).isConnected()).toBe(true);
    expect([...handled.keys()].sort((a, b) => a - b)).toEqual([...Array(total).keys()]);
    // Settled: nothing left unacknowledged or redelivered in a loop.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const afterSettling = new Map(handled);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(handled).toEqual(afterSettling);
  });
});
