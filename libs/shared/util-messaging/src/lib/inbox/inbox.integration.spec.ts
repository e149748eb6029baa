import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { CreateInboxMessages1763719250000 } from './create-inbox-messages.migration';
import { Inbox } from './inbox';
import { InboxMessageEntity } from './inbox-message.entity';
import { InboxModule } from './inbox.module';

describe('Inbox against the real PostgreSQL', () => {
  let database: TestDatabase;
  let module: TestingModule;
  let inbox: Inbox;

  beforeAll(async () => {
    database = await createTestDatabase('it_inbox');
    await database.query('CREATE TABLE effects (message_id text NOT NULL)');
    module = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: database.url,
          entities: [InboxMessageEntity],
          migrations: [CreateInboxMessages1763719250000],
          migrationsRun: true,
          extra: { max: 10 },
        }),
        InboxModule.forRoot(),
      ],
    }).compile();
    await module.init();
    inbox = module.get(Inbox);
  });

  afterAll(async () => {
    await module?.close();
    await database.drop();
  });

  const effect = (id: string) =>
    inbox.runOnce('it-consumer', id, (manager) =>
      manager.query('INSERT INTO effects VALUES ($1)', [id]).then(() => undefined),
    );
  const effectsOf = async (id: string) =>
    (await database.query(`SELECT 1 FROM effects WHERE message_id = $1`, [id])).length;

  it('applies a message once however often it is delivered', async () => {
    expect(await effect('a')).toBe(true);
    expect(await effect('a')).toBe(false);
    expect(await effectsOf('a')).toBe(1);
  });

  it('applies a message once when its deliveries race', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => effect('raced')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await effectsOf('raced')).toBe(1);
  });

  it('forgets the id when the work fails, so a redelivery can apply it', async () => {
    await expect(
      inbox.runOnce('it-consumer', 'flaky', async () => Promise.reject(new Error('db hiccup'))),
    ).rejects.toThrow('db hiccup');
    expect(await effect('flaky')).toBe(true);
    expect(await effectsOf('flaky')).toBe(1);
  });

  it('keeps consumers apart: one id may be handled once by each', async () => {
    expect(await inbox.runOnce('other-consumer', 'a', async () => undefined)).toBe(true);
  });
});
