import { MemoryResponseStore } from './memory-response-store';
import type { CachedResponse } from './response-store';

const entry = (text: string): CachedResponse => ({ headers: { etag: '"1"' }, body: Buffer.from(text), storedAt: 0 });

describe('memory response store', () => {
  let now = 1_000;
  const clock = () => now;

  it('serves an entry until its TTL', async () => {
    const store = new MemoryResponseStore(1_000_000, clock);
    const { seq } = await store.get('k');
    await store.put('k', entry('a'), 500, [], seq);
    expect((await store.get('k')).entry?.body.toString()).toBe('a');
    now += 500;
    expect((await store.get('k')).entry).toBeUndefined();
    expect(store.size.entries).toBe(0);
  });

  it('evicts the least recently used entries past its byte bound', async () => {
    // Each entry is 18 bytes (key 3, body 8, headers 7); the bound holds 16 of them.
    const store = new MemoryResponseStore(16 * 18, clock);
    const keys = Array.from({ length: 16 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    for (const key of keys) await store.put(key, entry('x'.repeat(8)), 60_000, [], 0);
    expect(store.size).toEqual({ entries: 16, bytes: 288 });
    await store.get('k00');
    await store.put('k16', entry('x'.repeat(8)), 60_000, [], 0);
    expect(store.size).toEqual({ entries: 16, bytes: 288 });
    expect((await store.get('k00')).entry).toBeDefined();
    expect((await store.get('k01')).entry).toBeUndefined();
    await store.put('big', entry('x'.repeat(20)), 60_000, [], 0);
    expect((await store.get('big')).entry).toBeUndefined();
  });

  it('drops every entry of a tag, and only those', async () => {
    const store = new MemoryResponseStore(1_000_000, clock);
    await store.put('alice|/users/me', entry('a'), 60_000, ['me', 'alice'], 0);
    await store.put('admin|/users/alice', entry('a'), 60_000, ['alice', 'admin'], 0);
    await store.put('bob|/users/me', entry('b'), 60_000, ['me', 'bob'], 0);
    await store.invalidate('alice');
    expect((await store.get('alice|/users/me')).entry).toBeUndefined();
    expect((await store.get('admin|/users/alice')).entry).toBeUndefined();
    expect((await store.get('bob|/users/me')).entry).toBeDefined();
  });

  it('refuses an answer fetched before an invalidation of its tags, or before a clear', async () => {
    const store = new MemoryResponseStore(1_000_000, clock);
    const before = (await store.get('k')).seq;
    await store.invalidate('alice');
    await store.put('k', entry('stale'), 60_000, ['alice'], before);
    expect((await store.get('k')).entry).toBeUndefined();
    await store.put('k', entry('other tag'), 60_000, ['bob'], before);
    expect((await store.get('k')).entry).toBeDefined();
    const beforeClear = (await store.get('j')).seq;
    await store.clear();
    await store.put('j', entry('x'), 60_000, [], beforeClear);
    expect((await store.get('j')).entry).toBeUndefined();
  });
});
