import fc from 'fast-check';
import { headerChar } from './credentials';
import type { PathValue, UserIdForm } from './fuzz-case';
import { hostileString } from './hostile-values';
import type { Parameter, Schema } from './openapi-operations';
import { validValue } from './schema-arbitraries';

/** Percent-encodes the UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD's, where encodeURIComponent throws). */
const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

const USER_ID_FORMS: UserIdForm[] = [
  'as-is',
  'upper-case',
  'no-dashes',
  'braces',
  'trailing-slash',
  'dot-segment-after',
  'percent-encoded',
];

export const existingUserId: fc.Arbitrary<PathValue> = fc.record({
  existingUser: fc.nat(9),
  form: fc.constant<UserIdForm>('as-is'),
});

/** Path segments that are encoded, mis-encoded, dot segments, ids of no one, or long. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '..',
      '.',
      '../..',
      '../../auth/.well-known/jwks.json',
      '..%2F..%2Fauth%2Flogin',
      '%2e%2e',
      '%2E%2E%2F%2E%2E',
      '%252e%252e',
      '..;',
      './me',
      'me',
      'ME',
      '',
      '%00',
      '%zz',
      '%',
      '%C3%28',
      '%FF%FE',
      '%u0041',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      'a'.repeat(2_000),
    ),
  },
  fc.uuid(),
  fc.uuid({ version: [1, 3, 5, 7] }),
  fc.string({ unit: 'binary', maxLength: 40 }).map(percentEncode),
  fc
    .string({ unit: 'grapheme-ascii', maxLength: 40 })
    .map((text) => encodeURI(text).replace(/[?#]/g, encodeURIComponent)),
);

/** An existing user's id, as is, upper-case, percent-encoded, with a dot segment after it, … */
export const existingUserIdInAnyForm: fc.Arbitrary<PathValue> = fc.record({
  existingUser: fc.nat(9),
  form: fc.constantFrom(...USER_ID_FORMS),
});

export const hostilePathValue: fc.Arbitrary<PathValue> = fc.oneof(
  { arbitrary: existingUserId, weight: 2 },
  { arbitrary: existingUserIdInAnyForm, weight: 2 },
  { arbitrary: hostileSegment.map((segment) => ({ segment })), weight: 3 },
);

const encode = (value: unknown): string => percentEncode(typeof value === 'string' ? value : JSON.stringify(value));

/** A query value valid for `schema`, or out of it: wrong type, boundary, huge, mis-escaped. */
function queryValue(schema: Schema, hostile: boolean): fc.Arbitrary<string> {
  const valid = validValue(schema).map(encode);
  if (!hostile) return valid;
  return fc.oneof(
    valid,
    fc.constantFrom(
      '',
      '-1',
      '0',
      '-0',
      '0.5',
      '1e400',
      '1e-400',
      'NaN',
      'Infinity',
      '-Infinity',
      '0x10',
      '1,5',
      '%201',
      '%EF%BC%91',
      'true',
      'null',
      '[]',
      '%7B%7D',
      '9'.repeat(5_000),
    ),
    fc.constantFrom('%zz', '%', '%C3%28', '%FF', '%00', '%0A', '%E2%80%AE'),
    fc
      .tuple(fc.constantFrom(schema.minimum ?? 0, schema.maximum ?? 0), fc.constantFrom(-1, -0.5, 0.5, 1, 1e6))
      .map(([edge, step]) => String(edge + step)),
    fc.double().map(String),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
    hostileString.map(percentEncode),
  );
}

/** `name=value` pieces: each known parameter maybe, repeated, with odd keys, plus unknown ones. */
export function queryPieces(parameters: Parameter[], hostile: boolean): fc.Arbitrary<string[]> {
  const known = parameters.filter((parameter) => parameter.in === 'query');
  const piecesOf = (parameter: Parameter) => {
    const value = queryValue(parameter.schema, hostile);
    const once = value.map((text) => [`${parameter.name}=${text}`]);
    if (!hostile) return parameter.required ? once : fc.oneof(fc.constant([]), once);
    return fc.oneof(
      fc.constant<string[]>([]),
      once,
      fc
        .array(value, { minLength: 2, maxLength: 4 })
        .map((values) => values.map((text) => `${parameter.name}=${text}`)),
      fc
        .tuple(fc.constantFrom('[]', '[0]', '[a]', '.x', '%5B%5D'), value)
        .map(([suffix, text]) => [`${parameter.name}${suffix}=${text}`]),
      fc.constant([parameter.name]),
    );
  };
  const unknown = hostile
    ? fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom('__proto__', 'constructor[prototype][role]', 'role', '', '%00'),
            fc.string({ maxLength: 10 }).map(percentEncode),
          ),
          fc.string({ maxLength: 10 }).map(percentEncode),
        ),
        { maxLength: 2 },
      )
    : fc.constant([]);
  return fc
    .tuple(fc.tuple(...known.map(piecesOf)), unknown)
    .map(([pieces, extra]) => [...pieces.flat(), ...extra.map(([name, value]) => `${name}=${value}`)]);
}

/** Values of the operation's header parameters (e.g. If-Match), any of them possibly left out. */
export function headerParameters(parameters: Parameter[], hostile: boolean): fc.Arbitrary<Array<[string, string]>> {
  const values = hostile
    ? fc.oneof(
        fc.constantFrom(
          '*',
          '"1"',
          'W/"1"',
          '"0"',
          '"-1"',
          '"99999999999999999999"',
          '"1", "2"',
          '1',
          '',
          'W/',
          '"',
          '"a\\"b"',
        ),
        fc.string({ unit: headerChar, maxLength: 100 }),
      )
    : fc.constantFrom('*', '"1"');
  const headers = parameters
    .filter((parameter) => parameter.in === 'header')
    .map((parameter) =>
      fc.option(
        values.map((value): [string, string] => [parameter.name, value]),
        { nil: undefined },
      ),
    );
  return fc
    .tuple(...headers)
    .map((entries) => entries.filter((entry): entry is [string, string] => entry !== undefined));
}
