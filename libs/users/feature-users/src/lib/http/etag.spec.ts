import { etagOf, ifMatchAllows, ifNoneMatchHits } from './etag';

describe('ETag preconditions', () => {
  it('quotes the version as a strong ETag', () => {
    expect(etagOf(3)).toBe('"3"');
  });

  it('If-Match allows the current version, a list containing it, or *', () => {
    expect(ifMatchAllows('"3"', 3)).toBe(true);
    expect(ifMatchAllows('"1", "3"', 3)).toBe(true);
    expect(ifMatchAllows('*', 3)).toBe(true);
  });

  it('If-Match refuses stale, weak and malformed tags', () => {
    expect(ifMatchAllows('"2"', 3)).toBe(false);
    expect(ifMatchAllows('W/"3"', 3)).toBe(false);
    expect(ifMatchAllows('3', 3)).toBe(false);
    expect(ifMatchAllows('', 3)).toBe(false);
  });

  it('If-None-Match compares weakly and ignores absence', () => {
    expect(ifNoneMatchHits('W/"3"', 3)).toBe(true);
    expect(ifNoneMatchHits('"2"', 3)).toBe(false);
    expect(ifNoneMatchHits(undefined, 3)).toBe(false);
  });
});
