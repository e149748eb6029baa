import { RetryBudget } from './retry-budget';

describe('RetryBudget', () => {
  let now = 0;
  const budget = (ratio: number, minPerSecond: number) =>
    new RetryBudget({ ratio, minPerSecond, windowSeconds: 10 }, () => now);
  const requests = (b: RetryBudget, count: number) => Array.from({ length: count }).forEach(() => b.recordRequest());
  const acquired = (b: RetryBudget, tries: number) => Array.from({ length: tries }).filter(() => b.tryAcquire()).length;

  beforeEach(() => (now = 0));

  it('allows a share of the requests in the window', () => {
    const b = budget(0.2, 0);
    requests(b, 100);
    expect(acquired(b, 50)).toBe(20);
  });

  it('adds a minimum per second, so a quiet upstream can still fail over', () => {
    const b = budget(0.2, 1);
    requests(b, 5);
    expect(acquired(b, 50)).toBe(11);
  });

  it('frees the budget as requests and retries slide out of the window', () => {
    const b = budget(0.5, 0);
    requests(b, 10);
    expect(acquired(b, 10)).toBe(5);
    now = 5_000;
    requests(b, 10);
    expect(acquired(b, 10)).toBe(5);
    now = 10_500;
    expect(acquired(b, 10)).toBe(0);
    now = 15_500;
    expect(acquired(b, 10)).toBe(0);
    requests(b, 4);
    expect(acquired(b, 10)).toBe(2);
  });

  it('cannot be borrowed against during an outage: retries never exceed the cap', () => {
    const b = budget(0.2, 3);
    let retries = 0;
    for (let second = 0; second < 30; second++) {
      now = second * 1_000;
      requests(b, 50);
      retries += acquired(b, 50);
    }
    expect(retries).toBeLessThanOrEqual(30 * (50 * 0.2 + 3));
    expect(retries).toBeGreaterThan(0);
  });
});
