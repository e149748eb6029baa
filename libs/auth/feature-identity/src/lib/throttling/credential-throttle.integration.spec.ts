import { testRedisUrl, uniqueName, waitFor } from '@platform/testing';
import type { ProblemException } from '@platform/util-http';
import type { IdentityOptions } from '../identity.options';
import { CredentialThrottle } from './credential-throttle';

const throttleOptions = (redisUrl?: string) =>
  ({
    throttle: {
      perIp: 1_000,
      perIpWindowSeconds: 60,
      failuresPerAccountAndAddress: 3,
      failuresPerAccount: 7,
      failureWindowSeconds: 60,
      redisUrl,
    },
  }) as IdentityOptions;

/** The problem the lock check throws, or undefined when the account may be tried. */
const lockOf = (throttle: CredentialThrottle, account: string, ip: string) =>
  throttle.assertAccountNotLocked(account, ip).then(
    () => undefined,
    (error: ProblemException) => error.problem,
  );

/**
 * The lockout policy, in memory and with two auth instances sharing Redis: a stranger's failures
 * lock only the stranger out; failures from everywhere lock the account past a much higher bound.
 */
describe.each([
  ['in memory', false],
  ['shared in Redis by two instances', true],
])('CredentialThrottle, %s', (_, shared) => {
  let first: CredentialThrottle;
  let second: CredentialThrottle;

  beforeAll(async () => {
    first = new CredentialThrottle(throttleOptions(shared ? testRedisUrl() : undefined));
    second = shared ? new CredentialThrottle(throttleOptions(testRedisUrl())) : first;
    if (shared) {
      // Counts go to memory until the connections are up: wait, so Redis is what is tested.
      const ready = (throttle: CredentialThrottle) =>
        (throttle as unknown as { redis: { status: string } }).redis.status === 'ready';
      await waitFor(() => ready(first) && ready(second), 5_000, 'the Redis connections');
    }
  });

  afterAll(() => {
    first.onModuleDestroy();
    second.onModuleDestroy();
  });

  it("locks the stranger's address out of the account, never the owner's", async () => {
    const account = `${uniqueName('owner')}@example.com`;
    for (let i = 0; i < 3; i++) {
      expect(await lockOf(first, account, '203.0.113.9')).toBeUndefined();
      await first.recordFailure(account, '203.0.113.9');
    }
    expect(await lockOf(second, account, '203.0.113.9')).toMatchObject({
      status: 429,
      detail: expect.stringMatching(
        /^Too many failed logins for this account from your address\. Retry after \d+ s\.$/,
      ),
    });
    expect(await lockOf(second, account, '198.51.100.1')).toBeUndefined();
  });

  it('locks the account for every address past the per-account bound; a success does not reset that bound', async () => {
    const account = `${uniqueName('target')}@example.com`;
    const spread = ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.2', '203.0.113.3', '203.0.113.3'];
    for (const ip of spread) await first.recordFailure(account, ip);
    // The owner logs in in between: their own address is cleared, the account's count is not.
    await second.recordSuccess(account, '198.51.100.1');
    expect(await lockOf(second, account, '198.51.100.1')).toBeUndefined();
    await second.recordFailure(account, '203.0.113.4');
    expect(await lockOf(first, account, '198.51.100.1')).toMatchObject({
      status: 429,
      detail: expect.stringMatching(/^Too many failed logins for this account\. Retry after \d+ s\.$/),
    });
  });

  it("forgets an address's failures when it logs in", async () => {
    const account = `${uniqueName('forgetful')}@example.com`;
    for (let i = 0; i < 2; i++) await first.recordFailure(account, '198.51.100.7');
    await second.recordSuccess(account, '198.51.100.7');
    await first.recordFailure(account, '198.51.100.7');
    await first.recordFailure(account, '198.51.100.7');
    expect(await lockOf(second, account, '198.51.100.7')).toBeUndefined();
  });
});
