import { Test, type TestingModule } from '@nestjs/testing';
import { deleteBrokerObjects, drainQueue, TestQueue, testRabbitMqUrl, uniqueName, waitFor } from '@platform/testing';
import { IsInt, IsString } from 'class-validator';
import { EventPublisher, UnroutableMessageError } from './event-publisher';
import { MessagingStats } from './messaging-stats';
import { EventSubscriber } from './event-subscriber';
import { MessagingModule } from './messaging.module';
import { deadLetterExchangeOf, parkingQueueOf, retryQueueOf } from './topology';

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
      imports: [
        MessagingModule.forRoot({ useFactory: () => ({ url: testRabbitMqUrl(), exchange, serviceName: 'it' }) }),
      ],
    }).compile();
    await module.init();
    publisher = module.get(EventPublisher);
    observer = await TestQueue.bind(exchange, ['test.#']);
    await module.get(EventSubscriber).subscribe({
      queue,
      contracts: { [PING]: PingEvent },
      retryDelaysMs: [100, 200, 300],
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
    await deleteBrokerObjects({
      queues: [queue, parkingQueueOf(queue), ...[100, 200, 300].map((ms) => retryQueueOf(queue, ms))],
      exchanges: [exchange, deadLetterExchangeOf(exchange)],
    });
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

  it('retries a message whose handler failed, after a delay, until it succeeds', async () => {
    failuresLeft = 2;
    const started = Date.now();
    await publish({ text: 'flaky', n: 2 });
    await waitFor(() => handled.find((p) => p.text === 'flaky'), 10_000, 'flaky handled');
    expect(failuresLeft).toBe(-1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // waited 100 ms, then 200 ms
  });

  it('parks an invalid payload at once and one that keeps failing after its retries, with the reason, while others flow', async () => {
    await publish({ text: 'bad', n: 'not a number' }, 'id-invalid');
    await publish({ text: 'always-fails', n: 3 }, 'id-poison');
    await publish({ text: 'after', n: 4 });
    await waitFor(() => handled.find((p) => p.text === 'after'), 10_000, 'message behind the poison');
    const parked = new Map<string, Record<string, unknown>>();
    await waitFor(
      async () => {
        for (const m of await drainQueue(parkingQueueOf(queue)))
          parked.set(m.properties.messageId, m.properties.headers ?? {});
        return parked.has('id-invalid') && parked.has('id-poison');
      },
      15_000,
      'both messages parked',
    );
    expect(parked.get('id-invalid')).toMatchObject({
      'x-parked-reason': 'invalid payload: n must be an integer number',
      'x-parked-from': queue,
      'x-original-routing-key': PING,
    });
    expect(parked.get('id-poison')).toMatchObject({
      'x-parked-reason': 'failed 4 times, last: handler cannot cope',
      'x-retry-count': 3,
      'x-original-routing-key': PING,
    });
    expect(handled.some((p) => p.text === 'bad' || p.text === 'always-fails')).toBe(false);
    // Counted once the broker confirms the hand-over, which may be a moment after it is visible.
    await waitFor(() => module.get(MessagingStats).consumer(queue).parked === 2, 5_000, 'parked count');
    expect(module.get(MessagingStats).consumer(queue)).toMatchObject({ parked: 2, retried: 5 });
  });

  it('rejects a publish that no queue receives, though the broker acks it', async () => {
    await expect(
      publisher.publish({ messageId: 'lonely', type: 'nobody.listens.v1', payload: {}, occurredAt: new Date() }),
    ).rejects.toBeInstanceOf(UnroutableMessageError);
    await expect(publish({ text: 'still fine', n: 5 })).resolves.toBeUndefined();
  });
});
