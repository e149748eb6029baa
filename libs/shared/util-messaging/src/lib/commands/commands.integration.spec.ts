import { ConflictException } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { deleteBrokerObjects, testRabbitMqUrl, uniqueName } from '@platform/testing';
import { ProblemException } from '@platform/util-http';
import { IsString } from 'class-validator';
import { MessagingModule } from '../messaging.module';
import { CommandClient } from './command-client';
import { CommandServer } from './command-server';
import { commandExchangeOf } from './command-topology';

class Greet {
  @IsString()
  name!: string;
}

const GREET = 'test.greet.v1';
const SLOW = 'test.slow.v1';

async function messaging(url: string, exchange: string): Promise<TestingModule> {
  const module = await Test.createTestingModule({
    imports: [MessagingModule.forRoot({ useFactory: () => ({ url, exchange, serviceName: 'it-commands' }) })],
  }).compile();
  await module.init();
  return module;
}

const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a problem');
    },
    (error: unknown) => (error as ProblemException).problem,
  );

describe('commands (request/response) against the real RabbitMQ', () => {
  const exchange = uniqueName('it-commands');
  const queue = uniqueName('it-greeter');
  let server: TestingModule;
  let client: TestingModule;

  beforeAll(async () => {
    server = await messaging(testRabbitMqUrl(), exchange);
    client = await messaging(testRabbitMqUrl(), exchange);
    await server.get(CommandServer).serve({
      queue,
      contracts: { [GREET]: Greet, [SLOW]: Greet },
      handlers: {
        [GREET]: async ({ name }: Greet) => {
          if (name === 'taken') throw new ConflictException('That name is taken');
          if (name === 'bug') throw new Error('secret internal detail');
          return { greeting: `Hello, ${name}` };
        },
        [SLOW]: () => new Promise((resolve) => setTimeout(() => resolve('late'), 3_000)),
      },
    });
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
    await deleteBrokerObjects({ queues: [queue], exchanges: [commandExchangeOf(exchange)] });
  });

  it('returns the handler result', async () => {
    await expect(client.get(CommandClient).request(GREET, { name: 'Ada' })).resolves.toEqual({
      greeting: 'Hello, Ada',
    });
  });

  it('carries a handler problem back with its status; hides internals of a crash', async () => {
    expect(await problemOf(client.get(CommandClient).request(GREET, { name: 'taken' }))).toMatchObject({
      status: 409,
      detail: 'That name is taken',
    });
    const crash = await problemOf(client.get(CommandClient).request(GREET, { name: 'bug' }));
    expect(crash.status).toBe(500);
    expect(JSON.stringify(crash)).not.toContain('secret');
    expect(await problemOf(client.get(CommandClient).request(GREET, { name: 42 }))).toMatchObject({ status: 400 });
  });

  it('answers 503 within the timeout when the handler is too slow, and at once when nobody handles the command', async () => {
    let started = Date.now();
    const slow = await problemOf(client.get(CommandClient).request(SLOW, { name: 'x' }, 500));
    expect(slow).toMatchObject({ status: 503, type: 'urn:problem-type:dependency-unavailable' });
    expect(Date.now() - started).toBeLessThan(1_500);
    started = Date.now();
    const unhandled = await problemOf(client.get(CommandClient).request('test.nobody.v1', {}, 5_000));
    expect(unhandled).toMatchObject({
      status: 503,
      detail: 'No service handles test.nobody.v1 at the moment. Try again shortly.',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('fails at once with 503 while the broker is unreachable', async () => {
    const cutOff = await messaging('amqp://guest:guest@127.0.0.1:1', exchange);
    try {
      const started = Date.now();
      const problem = await problemOf(cutOff.get(CommandClient).request(GREET, { name: 'Ada' }, 5_000));
      expect(problem).toMatchObject({ status: 503, type: 'urn:problem-type:dependency-unavailable' });
      expect(Date.now() - started).toBeLessThan(100);
    } finally {
      await cutOff.close();
    }
  });
});
