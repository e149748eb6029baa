import { freePort } from './managed-process';
import { uniqueName } from './test-env';
import { waitFor } from './wait-for';

describe('test helpers', () => {
  it('makes names unique per call and safe for databases and queues', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueName('run')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^run_[a-z0-9]+_[a-z0-9]+$/);
  });

  it('waitFor returns the first truthy value and fails after its timeout', async () => {
    let calls = 0;
    expect(await waitFor(() => (++calls >= 3 ? 'done' : undefined), 1_000)).toBe('done');
    await expect(waitFor(() => false, 120, 'never')).rejects.toThrow('timed out after 120 ms waiting for never');
  });

  it('finds a port nothing listens on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1024);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});
