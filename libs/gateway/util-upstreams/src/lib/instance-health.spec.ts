import { InstanceHealth } from './instance-health';

describe('InstanceHealth', () => {
  let now = 0;
  const clock = () => now;
  const health = () =>
    new InstanceHealth({ consecutiveFailures: 3, baseEjectionMs: 1_000, maxEjectionMs: 4_000 }, clock);

  beforeEach(() => (now = 0));

  it('is in rotation until probed otherwise, and out while its readiness probe fails', () => {
    const instance = health();
    expect(instance.rank).toBe(0);
    instance.recordProbe('not_ready');
    expect([instance.rank, instance.state]).toEqual([1, 'unhealthy']);
    instance.recordProbe('unreachable');
    expect(instance.rank).toBe(2);
    instance.recordProbe('up');
    expect([instance.rank, instance.state]).toEqual([0, 'healthy']);
  });

  it('is ejected after N consecutive failures; a success in between starts the count again', () => {
    const instance = health();
    expect([instance.recordFailure(), instance.recordFailure()]).toEqual([false, false]);
    instance.recordSuccess();
    expect([instance.recordFailure(), instance.recordFailure(), instance.recordFailure()]).toEqual([
      false,
      false,
      true,
    ]);
    expect([instance.state, instance.rank, instance.ejectedForMs]).toEqual(['ejected', 3, 1_000]);
  });

  it('comes back only through a passing probe once the cool-down is over', () => {
    const instance = health();
    for (let i = 0; i < 3; i++) instance.recordFailure();
    now = 500;
    expect(instance.recordProbe('up')).toBeUndefined();
    expect(instance.state).toBe('ejected');
    now = 1_000;
    expect(instance.recordProbe('up')).toBe('readmitted');
    expect(instance.state).toBe('healthy');
  });

  it('doubles the cool-down on each ejection up to the maximum, and forgives after a quiet maximum', () => {
    const instance = health();
    const eject = () => {
      for (let i = 0; i < 3; i++) instance.recordFailure();
      return instance.ejectedForMs;
    };
    expect(eject()).toBe(1_000);
    now = 1_000;
    expect(instance.recordProbe('unreachable')).toBe('ejected');
    expect(instance.ejectedForMs).toBe(2_000);
    now = 3_000;
    instance.recordProbe('up');
    expect(eject()).toBe(4_000);
    now = 7_000;
    instance.recordProbe('up');
    expect(eject()).toBe(4_000);
    now = 11_000;
    instance.recordProbe('up');
    now = 15_000;
    expect(eject()).toBe(1_000);
  });

  it('ignores failures while ejected', () => {
    const instance = health();
    for (let i = 0; i < 3; i++) instance.recordFailure();
    expect(instance.recordFailure()).toBe(false);
    expect(instance.ejectedForMs).toBe(1_000);
  });
});
