import { cacheKey, cacheTags, canonicalId, canonicalUrl } from './cache-key';
import { matchCachePath, parseCachePath } from './cache-path';
import { freshnessMs, ifNoneMatchHits, MAX_ENTRY_BYTES, parseCacheControl } from './cacheability';

const alice = { id: 'alice', role: 'user' as const, tokenId: 't1', expiresAt: 0 };
const bob = { id: 'bob', role: 'user' as const, tokenId: 't2', expiresAt: 0 };
const perCaller = { ttlSeconds: 30, scope: 'caller' as const, path: '/:id' };
const shared = { ttlSeconds: 30, scope: 'shared' as const, path: '/:id' };

describe('cache keys and tags', () => {
  it('keys per caller, so two callers of the same URL never share an entry', () => {
    expect(cacheKey(perCaller, alice, '/api/v1/users/me')).toBe('alice|/api/v1/users/me');
    expect(cacheKey(perCaller, bob, '/api/v1/users/me')).not.toBe(cacheKey(perCaller, alice, '/api/v1/users/me'));
    expect(cacheKey(perCaller, undefined, '/api/v1/users/me')).toBeUndefined();
    expect(cacheKey(shared, alice, '/x/1')).toBe(cacheKey(shared, bob, '/x/1'));
  });

  it('tags an entry with the user its path names and the caller it was cached for', () => {
    expect(cacheTags(['b-id'], alice)).toEqual(['b-id', 'alice']);
    expect(cacheTags(['b-id'], undefined)).toEqual(['b-id']);
  });

  it('keys and tags a UUID in one case, however the client spells it', () => {
    const id = '0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55';
    expect(canonicalId(id.toUpperCase())).toBe(id);
    expect(canonicalId('Me')).toBe('Me');
    expect(matchCachePath(parseCachePath('/:id')!, `/${id.toUpperCase()}`)).toEqual([id]);
    expect(matchCachePath(parseCachePath('/:id')!, `/${id.replace('b', '%42')}`)).toEqual([id]);
    expect(cacheKey(perCaller, alice, `/api/v1/users/${id.toUpperCase()}?Q=A`)).toBe(`alice|/api/v1/users/${id}?Q=A`);
    expect(cacheKey(shared, alice, `/x/${id.toUpperCase()}`)).toBe(`*|/x/${id}`);
    const usual = `/api/v1/users/${id}?fields=Name`;
    expect(canonicalUrl(usual)).toBe(usual);
  });

  it('matches only the paths the route caches', () => {
    const segments = parseCachePath('/:id')!;
    expect(matchCachePath(segments, '/42')).toEqual(['42']);
    expect(matchCachePath(segments, '/me')).toEqual(['me']);
    expect(matchCachePath(segments, '')).toBeUndefined();
    expect(matchCachePath(segments, '/')).toBeUndefined();
    expect(matchCachePath(segments, '/42/x')).toBeUndefined();
    expect(matchCachePath(parseCachePath('/groups/:id')!, '/groups/a%20b')).toEqual(['a b']);
    expect(parseCachePath('/:id/')).toBeUndefined();
    expect(parseCachePath('users')).toBeUndefined();
  });
});

describe('what may be cached', () => {
  const ok = { 'content-length': '120', 'content-type': 'application/json' };

  it('uses the route TTL, shortened by the upstream', () => {
    expect(freshnessMs(ok, perCaller)).toBe(30_000);
    expect(freshnessMs({ ...ok, 'cache-control': 'max-age=5' }, perCaller)).toBe(5_000);
    expect(freshnessMs({ ...ok, 'cache-control': 'max-age=600' }, perCaller)).toBe(30_000);
    expect(freshnessMs({ ...ok, 'cache-control': 'max-age=60, s-maxage=2' }, shared)).toBe(2_000);
    expect(freshnessMs({ ...ok, 'cache-control': 'max-age=0' }, perCaller)).toBeUndefined();
  });

  it('never stores no-store, no-cache, cookies, encoded or unsized bodies; private only per caller', () => {
    expect(freshnessMs({ ...ok, 'cache-control': 'No-Store' }, perCaller)).toBeUndefined();
    expect(freshnessMs({ ...ok, 'cache-control': 'no-cache' }, perCaller)).toBeUndefined();
    expect(freshnessMs({ ...ok, 'set-cookie': ['a=b'] }, perCaller)).toBeUndefined();
    expect(freshnessMs({ ...ok, 'content-encoding': 'gzip' }, perCaller)).toBeUndefined();
    expect(freshnessMs({ ...ok, vary: '*' }, perCaller)).toBeUndefined();
    expect(freshnessMs({ 'content-type': 'application/json' }, perCaller)).toBeUndefined();
    expect(freshnessMs({ ...ok, 'content-length': String(MAX_ENTRY_BYTES + 1) }, perCaller)).toBeUndefined();
    expect(freshnessMs({ ...ok, 'cache-control': 'private' }, perCaller)).toBe(30_000);
    expect(freshnessMs({ ...ok, 'cache-control': 'private' }, shared)).toBeUndefined();
  });

  it('parses a Cache-Control value once, and still right after many different values', () => {
    expect(parseCacheControl('max-age=5, private')).toBe(parseCacheControl('max-age=5, private'));
    for (let n = 0; n < 200; n++) expect(parseCacheControl(`max-age=${n}`).get('max-age')).toBe(n);
    expect([...parseCacheControl(['No-Cache', 'max-age="7"'])]).toEqual([
      ['no-cache', true],
      ['max-age', 7],
    ]);
    expect(freshnessMs({ ...ok, 'cache-control': 'max-age=5' }, perCaller)).toBe(5_000);
  });

  it('compares If-None-Match weakly, and * matches', () => {
    expect(ifNoneMatchHits('"3"', '"3"')).toBe(true);
    expect(ifNoneMatchHits('W/"3", "4"', '"3"')).toBe(true);
    expect(ifNoneMatchHits('*', '"3"')).toBe(true);
    expect(ifNoneMatchHits('"2"', '"3"')).toBe(false);
    expect(ifNoneMatchHits(undefined, '"3"')).toBe(false);
    expect(ifNoneMatchHits('"3"', undefined)).toBe(false);
  });
});
