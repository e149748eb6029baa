import { testRedisUrl, uniqueName, waitFor } from '@platform/testing';
import Redis from 'ioredis';
import { AuthFailureLimiter } from './auth-failure-limiter';

describe('AuthFailureLimiter', () => {
  it('refuses an address once it has failed the limit, for the rest of the window, and no other address', async () => {
    const limiter = new AuthFailureLimiter({ points: 3, windowSeconds: 60 });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds('203.0.113.1')).toBe(0);
      await limiter.recordFailure('203.0.113.1');
    }
    const wait = limiter.retryAfterSeconds('203.0.113.1');
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
    expect(limiter.retryAfterSeconds('203.0.113.2')).toBe(0);
    expect(limiter.problem(wait)).toMatchObject({
      status: 429,
      type: 'urn:problem-type:too-many-requests',
      detail: expect.stringContaining('3 per 60 s'),
    });
  });

  it('lets an address try again when the window is over', async () => {
    const limiter = new AuthFailureLimiter({ points: 1, windowSeconds: 1 });
    await limiter.recordFailure('203.0.113.3');
    expect(limiter.retryAfterSeconds('203.0.113.3')).toBe(1);
    await waitFor(() => limiter.retryAfterSeconds('203.0.113.3') === 0, 3_000, 'the window to end');
  });

  describe('with Redis', () => {
    const redis = new Redis(testRedisUrl(), { lazyConnect: true });
    const clients: Redis[] = [];
    const gateways: AuthFailureLimiter[] = [];

    beforeAll(async () => {
      await redis.connect();
      // Two gateway instances, each with its own connection (as in production).
      for (let i = 0; i < 2; i++) {
        const client = new Redis(testRedisUrl(), { enableOfflineQueue: false, lazyConnect: true });
        await client.connect();
        clients.push(client);
        gateways.push(new AuthFailureLimiter({ points: 4, windowSeconds: 60 }, client));
      }
    });

    afterAll(() => {
      for (const client of [redis, ...clients]) client.disconnect();
    });

    it('shares the count: failures on one instance bring the other to refuse after one more of its own', async () => {
      // Unique per run: other runs may share this Redis.
      const address = uniqueName('address');
      for (let i = 0; i < 3; i++) await gateways[0].recordFailure(address);
      expect(await redis.get(`gateway:auth-failures:${address}`)).toBe('3');
      expect(gateways[1].retryAfterSeconds(address)).toBe(0);
      await gateways[1].recordFailure(address);
      expect(gateways[1].retryAfterSeconds(address)).toBeGreaterThan(0);
      // The first instance has not counted the fourth: it learns with its next failure.
      expect(gateways[0].retryAfterSeconds(address)).toBe(0);
      await gateways[0].recordFailure(address);
      expect(gateways[0].retryAfterSeconds(address)).toBeGreaterThan(0);
      await redis.del(`gateway:auth-failures:${address}`);
    });
  });
});
