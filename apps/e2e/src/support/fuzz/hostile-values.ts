import fc from 'fast-check';
import { deeplyNested, hugeString, verbatim } from './json-text';

/** The gateway's default GATEWAY_BODY_LIMIT_BYTES is 100 KiB: hostile bodies stay under it. */
export const BODY_BUDGET_BYTES = 90_000;

/**
 * Control characters, NUL, terminal escapes, and text that looks like an injection. NUL gets a
 * share of its own: it is the one byte many stores (PostgreSQL text among them) refuse outright.
 */
export const controlString: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('\u0000', 'Ada\u0000Lovelace', 'Ada\u0000') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0001\u0002\u0007\u0008\u001f\u007f',
      '\t\r\n',
      'line\r\nInjected-Header: 1',
      '\u001b[31mred\u001b[0m',
      '\u001b]0;owned\u0007',
      '\u001b[2J\u001b[H',
      '\u009b31m',
      "' OR 1=1 --",
      '"; DROP TABLE users; --',
      '../../../../etc/passwd',
      '%00%2e%2e%2f',
      '${jndi:ldap://example.invalid/a}',
      '<script>alert(1)</script>',
      '{{7*7}}',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 40 }) },
);

/** Non-ASCII text: scripts, emoji, bidi overrides, zero-width and combining marks, lone surrogates. */
export const unicodeString: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u202egnp.exe',
      '\u200b\u200d\ufeff',
      'e\u0301\u0301\u0301',
      '👩‍💻🏳️‍🌈',
      '漢字かなカナ',
      'مرحبا بالعالم',
      '\ud800',
      'a\udfffb',
      '\uffff\ufffe',
      'Ａｄａ',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  controlString,
  unicodeString,
  fc.constantFrom('', ' ', '__proto__', 'NaN', 'null'),
);

/** Numbers at and past the edges of what JSON, JS, int4 and int8 hold. */
export const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.5,
    -0.5,
    1e-300,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53 + 2,
    2 ** 63,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
  ),
  fc
    .constantFrom('1e400', '-1e400', '123456789012345678901234567890', '-0.0', '1E+2', '0.0000000000000000000000001')
    .map((text) => verbatim(`number ${text}`, text)),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Strings and nesting as large as fits under the body limit. */
export const hugeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('a', 'é', '漢', '😀', '\u0000', '\u001b[0m').map((unit) => {
    const bytesPerUnit = Buffer.byteLength(JSON.stringify(unit)) - 2;
    return hugeString(unit, Math.floor(BODY_BUDGET_BYTES / bytesPerUnit));
  }),
  fc.integer({ min: 201, max: 5_000 }).map((times) => hugeString('x', times)),
);

/** A value nested deeper than any parser or validator should recurse, within the body limit. */
export const deepValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 1_000, max: BODY_BUDGET_BYTES / 2 }).map((depth) => deeplyNested('array', depth)),
  fc.integer({ min: 1_000, max: Math.floor(BODY_BUDGET_BYTES / 7) }).map((depth) => deeplyNested('object', depth)),
  fc.integer({ min: 32, max: 600 }).map((depth) => deeplyNested(depth % 2 === 0 ? 'array' : 'object', depth)),
);

/** Bytes that are not UTF-8 (lone continuation bytes, overlong forms, CESU surrogates), as a JSON string. */
export const invalidUtf8String: fc.Arbitrary<unknown> = fc
  .constantFrom(
    [0xc3, 0x28],
    [0xff, 0xfe],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0x41, 0xe2, 0x82],
  )
  .map((bytes) =>
    verbatim(
      `string with bytes ${bytes.map((b) => b.toString(16)).join(' ')}`,
      Buffer.concat([Buffer.from('"Ada '), Buffer.from(bytes), Buffer.from('"')]),
    ),
  );

/** Any JSON value, small. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, [], {}, [null], { '': null }),
  fc.jsonValue({ maxDepth: 2 }),
);
