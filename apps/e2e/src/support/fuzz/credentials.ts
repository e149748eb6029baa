import fc from 'fast-check';
import type { Credential } from './fuzz-case';

const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Bytes HTTP allows in a header value (VCHAR, SP, HTAB, obs-text), as a latin1 character. */
export const headerChar: fc.Arbitrary<string> = fc
  .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09))
  .map((code) => String.fromCharCode(code));

/** Bytes HTTP forbids in a header value (CTLs but CR and LF, which would end the line). */
const forbiddenHeaderChar = fc
  .oneof(
    fc.integer({ min: 0x00, max: 0x08 }),
    fc.integer({ min: 0x0b, max: 0x0c }),
    fc.integer({ min: 0x0e, max: 0x1f }),
    fc.constant(0x7f),
  )
  .map((code) => String.fromCharCode(code));

export const validCredential: fc.Arbitrary<Credential> = fc.constantFrom<Credential>('user', 'admin');

/** JWT headers, the most with the platform's real `kid` so that they get as far as a signature check. */
const jwtHeader = (kid: string) =>
  fc.oneof(
    {
      arbitrary: fc.constantFrom<unknown>(
        { alg: 'ES256', typ: 'at+jwt', kid },
        { alg: 'ES256', typ: 'application/at+jwt', kid },
        { alg: 'ES256', typ: 'AT+JWT', kid, crit: ['b64'] },
      ),
      weight: 3,
    },
    fc.constantFrom<unknown>(
      { alg: 'ES256', typ: 'at+jwt' },
      { alg: 'ES256', typ: 'at+jwt', kid: '../../../etc/passwd' },
      { alg: 'ES256', typ: 'at+jwt', kid: 123 },
      { alg: 'ES256', typ: 'at+jwt', kid: null },
      { alg: 'ES256', typ: 'at+jwt', kid: { a: 1 } },
      { alg: 'ES256', typ: 'at+jwt', kid: 'x'.repeat(5000) },
      { alg: 'none' },
      { alg: 'HS256' },
      { alg: 'RS256', jku: 'http://example.invalid/jwks' },
      { alg: 'ES256', crit: ['exp'] },
      { alg: ['ES256'] },
      { alg: null },
      [],
      null,
      'ES256',
      42,
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
const jwtPayload = fc.oneof(
  fc.constantFrom<unknown>(
    {},
    { sub: 123 },
    { exp: 'soon' },
    { exp: 1e308 },
    { iat: -1, exp: -1 },
    { sub: null, role: ['admin'] },
    [],
    null,
    'x',
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const base64urlJunk = fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes).toString('base64url'));

/** Token-shaped garbage: JWT-like with hostile headers, claims and signatures, and any header-legal bytes. */
const garbageToken = (kid: string): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(jwtHeader(kid), jwtPayload, base64urlJunk)
        .map(([header, payload, signature]) => `${b64url(header)}.${b64url(payload)}.${signature}`),
    },
    fc.tuple(base64urlJunk, base64urlJunk, base64urlJunk).map((parts) => parts.join('.')),
    fc.string({ unit: headerChar, maxLength: 200 }),
    fc.constantFrom(
      '',
      '.',
      '..',
      '...',
      'a.b',
      'a.b.c.d',
      'eyJ',
      'eyJhbGciOiJub25lIn0',
      'eyJhbGciOiJub25lIn0.e30.',
      `${'a'.repeat(8000)}.b.c`,
    ),
  );

/**
 * No Authorization header, a garbage bearer token, or an Authorization header that is malformed.
 * `kid` is the id of auth's signing key, public in its JWKS, as an attacker would use it.
 */
export const brokenCredential = (kid: string): fc.Arbitrary<Credential> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant<Credential>({ authorization: [] }) },
    { weight: 3, arbitrary: garbageToken(kid).map((token): Credential => ({ authorization: [`Bearer ${token}`] })) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          'Bearer',
          'Bearer ',
          'bearer x',
          'BEARER x',
          'Bearer  x',
          'Bearer x y',
          'Bearer\tx',
          'Basic YTpi',
          'Basic',
          'Token x',
          'x',
          '',
          ' ',
          'Bearer x, Bearer y',
          'Digest username="a"',
          'Bearer é',
          '\xff\xfe',
        )
        .map((value): Credential => ({ authorization: [value] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(garbageToken(kid), garbageToken(kid))
        .map(([first, second]): Credential => ({ authorization: [`Bearer ${first}`, `Bearer ${second}`] })),
    },
  );

/** A bearer token holding bytes no HTTP header may hold: the parser's refusal must still be a problem. */
export const forbiddenBytesCredential: fc.Arbitrary<Credential> = fc
  .tuple(
    fc.string({ unit: headerChar, maxLength: 20 }),
    fc.string({ unit: forbiddenHeaderChar, minLength: 1, maxLength: 4 }),
    fc.string({ unit: headerChar, maxLength: 20 }),
  )
  .map(([before, forbidden, after]) => ({
    authorization: [`Bearer ${before}${forbidden}${after}`],
  }));
