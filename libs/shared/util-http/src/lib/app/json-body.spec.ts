import { exceedsJsonDepth } from './json-body';

const bytes = (text: string) => Buffer.from(text);

describe('exceedsJsonDepth', () => {
  it('counts nested arrays and objects', () => {
    expect(exceedsJsonDepth(bytes('{"a":[{"b":1}]}'), 3)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(exceedsJsonDepth(bytes('[]'.repeat(1000)), 1)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(bytes(`{"a":"${'[{'.repeat(50)}"}`), 1)).toBe(false);
    expect(exceedsJsonDepth(bytes(`{"a":"\\"[[[[\\\\"}`), 1)).toBe(false);
    expect(exceedsJsonDepth(bytes(`{"a":"\\\\",[[[1]]]}`), 3)).toBe(true);
  });

  it('reads multi-byte characters without confusing them with structure', () => {
    expect(exceedsJsonDepth(bytes('{"名前":"[ü€😀]"}'), 1)).toBe(false);
  });

  it('stops at the limit on a body far deeper than it', () => {
    expect(exceedsJsonDepth(bytes('['.repeat(1_000_000)), 32)).toBe(true);
  });
});
