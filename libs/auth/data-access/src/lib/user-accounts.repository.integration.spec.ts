import { Test, type TestingModule } from '@nestjs/testing';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { openDatabase, PersistenceModule } from '@platform/util-persistence';
import { authDataSourceOptions } from './auth-data-source';
import { AuthDataAccessModule } from './auth-data-access.module';
import { UserAccountsRepository } from './user-accounts.repository';

describe('UserAccountsRepository against the real PostgreSQL', () => {
  let database: TestDatabase;
  let module: TestingModule;
  let accounts: UserAccountsRepository;
  const userId = '7d3f6b6e-2a51-4a36-9d3a-1f6f3c2b9e10';

  beforeAll(async () => {
    database = await createTestDatabase('it_auth');
    module = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRoot(await openDatabase(authDataSourceOptions(database.url, 2))),
        AuthDataAccessModule,
      ],
    }).compile();
    await module.init();
    accounts = module.get(UserAccountsRepository);
  });

  afterAll(async () => {
    await module?.close();
    await database.drop();
  });

  it('converges on the newest state whatever the order and number of deliveries', async () => {
    expect(
      await accounts.applyIfNewer({ userId, email: 'v2@example.com', status: 'active', role: 'user', userVersion: 2 }),
    ).toBe(true);
    expect(
      await accounts.applyIfNewer({ userId, email: 'v1@example.com', status: 'active', role: 'user', userVersion: 1 }),
    ).toBe(false);
    expect(
      await accounts.applyIfNewer({ userId, email: 'v2@example.com', status: 'active', role: 'user', userVersion: 2 }),
    ).toBe(false);
    expect(await accounts.findById(userId)).toMatchObject({
      email: 'v2@example.com',
      status: 'active',
      role: 'user',
      userVersion: 2,
    });
  });

  it('marks a deleted user and keeps its last e-mail; older events cannot revive it', async () => {
    expect(await accounts.applyIfNewer({ userId, email: null, status: 'deleted', role: null, userVersion: 3 })).toBe(
      true,
    );
    expect(
      await accounts.applyIfNewer({ userId, email: 'v2@example.com', status: 'active', role: 'user', userVersion: 2 }),
    ).toBe(false);
    expect(await accounts.findById(userId)).toMatchObject({
      email: 'v2@example.com',
      status: 'deleted',
      role: 'user',
      userVersion: 3,
    });
  });

  it('records a deletion that arrives before anything else about the user', async () => {
    const early = 'c5b0f3f1-7c36-4bb8-8a4b-0d6a9f3e2c11';
    expect(
      await accounts.applyIfNewer({ userId: early, email: null, status: 'deleted', role: null, userVersion: 2 }),
    ).toBe(true);
    expect(
      await accounts.applyIfNewer({
        userId: early,
        email: 'late@example.com',
        status: 'active',
        role: 'user',
        userVersion: 1,
      }),
    ).toBe(false);
    expect(await accounts.findById(early)).toMatchObject({ email: null, status: 'deleted' });
  });
});
