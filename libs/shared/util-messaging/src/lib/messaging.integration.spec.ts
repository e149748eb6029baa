import { Test, type TestingModule } from '@nestjs/testing';
import { deleteBrokerObjects, drainQueue, TestQueue, testRabbitMqUrl, uniqueName, waitFor } from '@platform/testing';
import { IsInt, IsString } from 'class-validator';
import { EventPublisher } from './event-publisher';
import { EventSubscriber } from './event-subscriber';
import { MessagingModule } from './messaging.module';
import { parkingQueueOf, deadLetterExchangeOf } from './topology';

class PingEvent {
  @IsString()
  text!: string;

  @IsInt()
  n!: number;
}

const PING = 'test.ping.v1';

describe('messaging against the real RabbitMQ', () => {
  const exchange = uniqueName('it-events');
  const queue = uniqueName('it-consumer');
  let module: TestingModule;
  let publisher: EventPublisher;
  let observer: TestQueue;
  const handled: PingEvent[] = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [MessagingModule.forRoot({ useFactory: () => ({ url: testRabbitMqUrl(), exchange, serviceName: 'it' }) })],
    }).compile();
    await module.init();
    publisher = module.get(EventPublisher);
    observer = await TestQueue.bind(exchange, ['#']);
    await module.get(EventSubscriber).subscribe({
      queue,
      contracts: { [PING]: PingEvent },
      deliveryLimit: 3,
      handlers: {
        [PING]: async (payload: PingEvent) => {
          if (payload.text === 'always-fails') throw new Error('handler cannot cope');
          if (payload.text === 'flaky' && failuresLeft-- > 0) throw new Error('transient');
          handled.push(payload);
        },
      },
    });
  });

  afterAll(async () => {
    await observer.close();
    await module.close();
    await deleteBrokerObjects({ queues: [queue, parkingQueueOf(queue)], exchanges: [exchange, deadLetterExchangeOf(exchange)] });
  });

  const publish = (payload: object, messageId = uniqueName('msg')) =>
    publisher.publish({ messageId, type: PING, payload, occurredAt: new Date() });

  it('publishes persistent messages with id and type that a subscriber handles', async () => {
    await publish({ text: 'hello', n: 1 }, 'id-hello');
    const seen = await observer.waitFor((m) => m.messageId === 'id-hello');
    expect(seen).toMatchObject({ routingKey: PING, type: PING, persistent: true, body: { text: 'hello', n: 1 } });
    await waitFor(() => handled.find((p) => p.text === 'hello'), 10_000, 'handled hello');
    expect(handled.find((p) => p.text === 'hello')).toBeInstanceOf(PingEvent);
  });

  it('redelivers a message whose handler failed, until it succeeds', async () => {
    failuresLeft = 2;
    await publish({ text: 'flaky', n: 2 });
    await waitFor(() => handled.find((p) => p.text === 'flaky'), 10_000, 'flaky handled');
    expect(failuresLeft).toBe(-1);
  });

  it('parks an invalid payload at once and one that keeps failing after the delivery limit, while others flow', async () => {
    await publish({ text: 'bad', n: 'not a number' }, 'id-invalid');
    await publish({ text: 'always-fails', n: 3 }, 'id-poison');
    await publish({ text: 'after', n: 4 });
    await waitFor(() => handled.find((p) => p.text === 'after'), 10_000, 'message behind the poison');
    const parked = await waitFor(
      async () => {
        const found = (await drainQueue(parkingQueueOf(queue))).map((m) => m.properties.messageId);
        parkedSoFar.push(...found);
        return parkedSoFar.includes('id-invalid') && parkedSoFar.includes('id-poison') && parkedSoFar;
      },
      15_000,
      'both messages parked',
    );
    expect(parked.sort()).toEqual(['id-invalid', 'id-poison']);
    expect(handled.some((p) => p.text === 'bad' || p.text === 'always-fails')).toBe(false);
  });
  const parkedSoFar: string[] = [];
});
