import { instanceQueueName } from './instance-queue-name';

describe('instanceQueueName', () => {
  it('names the process after the prefix, differently on each call, in characters a queue name may hold', () => {
    const [a, b] = [instanceQueueName('gateway.cache'), instanceQueueName('gateway.cache')];
    expect(a).toMatch(new RegExp(`^gateway\\.cache\\.[A-Za-z0-9._-]+-${process.pid}-[0-9a-f]{6}$`));
    expect(a).not.toBe(b);
  });
});
