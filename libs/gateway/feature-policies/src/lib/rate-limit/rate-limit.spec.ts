import { consumerOf } from './consumer';
import { ConsumerRateLimiter } from './consumer-rate-limiter';
import { rateLimitHeaders, secondsFrom } from './rate-limit-headers';

describe('rate limits', () => {
  it('formats the draft-07 headers', () => {
    expect(rateLimitHeaders({ points: 600, windowSeconds: 60 }, 599, 59_001)).toEqual({
      'ratelimit-limit': '600',
      'ratelimit-remaining': '599',
      'ratelimit-reset': '60',
      'ratelimit-policy': '600;w=60',
    });
    expect(rateLimitHeaders({ points: 1, windowSeconds: 1 }, -1, 0)['ratelimit-remaining']).toBe('0');
    expect(secondsFrom(0)).toBe(1);
    expect(secondsFrom(1_001)).toBe(2);
  });

  it('names the consumer by token subject, else by client address', () => {
    const address = () => '203.0.113.7';
    expect(consumerOf({ id: 'u-1' }, address)).toBe('sub:u-1');
    expect(consumerOf(undefined, address)).toBe('ip:203.0.113.7');
  });

  it('gives each consumer its own budget per class and refuses past it with a retry delay', async () => {
    const limiter = new ConsumerRateLimiter({
      standard: { points: 2, windowSeconds: 60 },
      auth: { points: 1, windowSeconds: 10 },
    });
    expect((await limiter.take('standard', 'sub:a'))?.headers['ratelimit-remaining']).toBe('1');
    expect((await limiter.take('standard', 'sub:a'))?.allowed).toBe(true);
    const refused = await limiter.take('standard', 'sub:a');
    expect(refused).toMatchObject({
      allowed: false,
      retryAfterSeconds: 60,
      headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '60' },
    });
    expect((await limiter.take('standard', 'sub:b'))?.allowed).toBe(true);
    expect(await limiter.take('auth', 'sub:a')).toMatchObject({
      allowed: true,
      headers: { 'ratelimit-policy': '1;w=10' },
    });
  });
});
