import fc from 'fast-check';
import type { FuzzCase } from './fuzz-case';
import { controlString, deepValue, hugeValue, invalidUtf8String, unicodeString } from './hostile-values';
import { jsonBytes, verbatim } from './json-text';
import type { Schema } from './openapi-operations';
import { boundaryValue, reshapedObject, validValue, withHostileFields, wrongType } from './schema-arbitraries';

type Body = NonNullable<FuzzCase['body']>;
const JSON_TYPE = 'application/json';

/** The kinds of request body a fuzz category sends; all but `valid` are hostile. */
export type BodyKind =
  | 'valid'
  | 'wrong-types'
  | 'nulls'
  | 'reshaped'
  | 'boundaries'
  | 'control-characters'
  | 'unicode'
  | 'huge'
  | 'deep'
  | 'raw';

export function bodies(schema: Schema, kind: BodyKind): fc.Arbitrary<Body> {
  if (kind === 'raw') return rawBodies(schema);
  return jsonBodies(schema, kind).map((content) => ({ contentType: JSON_TYPE, content }));
}

function jsonBodies(schema: Schema, kind: Exclude<BodyKind, 'raw'>): fc.Arbitrary<unknown> {
  const allNull = Object.fromEntries(Object.keys(schema.properties ?? {}).map((name) => [name, null]));
  switch (kind) {
    case 'valid':
      return validValue(schema);
    case 'wrong-types':
      return fc.oneof(withHostileFields(schema, wrongType), wrongType(schema));
    case 'nulls':
      return fc.oneof(
        withHostileFields(schema, () => fc.constant(null)),
        fc.constant(null),
        fc.constant(allNull),
      );
    case 'reshaped':
      return reshapedObject(schema);
    case 'boundaries':
      return withHostileFields(schema, boundaryValue);
    case 'control-characters':
      return withHostileFields(schema, () => controlString);
    case 'unicode':
      return withHostileFields(schema, () => fc.oneof(unicodeString, invalidUtf8String));
    case 'huge':
      return withHostileFields(schema, () => hugeValue);
    case 'deep':
      return deepBodies(schema);
  }
}

/** Nesting thousands of levels deep, as the whole body or as one field's value. */
function deepBodies(schema: Schema): fc.Arbitrary<unknown> {
  const fields = Object.keys(schema.properties ?? {});
  const inField = fc
    .tuple(validValue(schema), fc.constantFrom(...fields, 'extra'), deepValue)
    .map(([body, field, deep]) => ({ ...(body as object), [field]: deep }));
  const inArray = fc.tuple(validValue(schema), deepValue).map(([body, deep]) => [body, deep]);
  return fc.oneof(deepValue, inField, inArray);
}

/** Malformed JSON, bytes that are not UTF-8, and JSON sent as other content types (and vice versa). */
function rawBodies(schema: Schema): fc.Arbitrary<Body> {
  const validText = validValue(schema).map((value) => jsonBytes(value).toString('utf8'));
  const malformed = fc.oneof(
    fc
      .tuple(validText, fc.nat())
      .map(([text, cut]) => verbatim('truncated JSON', text.slice(0, cut % Math.max(1, text.length)))),
    validText.map((text) => verbatim('JSON plus trailing garbage', `${text},}`)),
    validText.map((text) => verbatim('two JSON documents', `${text}${text}`)),
    validText.map((text) => verbatim('single quotes', text.replace(/"/g, "'"))),
    validText.map((text) => verbatim('comment first', `/* c */${text}`)),
    validText.map((text) => verbatim('byte-order mark first', `\ufeff${text}`)),
    validText.map((text) => verbatim('trailing comma', text.replace(/}$/, ',}'))),
    validText.map((text) => verbatim('duplicate keys', text.replace(/^\{/, '{"email":1,"name":[],"role":{},'))),
    validText.map((text) =>
      verbatim(
        'prototype keys',
        text.replace(/^\{/, '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"role":"admin"}},'),
      ),
    ),
    fc
      .constantFrom(
        '',
        ' ',
        'null',
        'undefined',
        'NaN',
        '{',
        '}',
        '[',
        '"',
        '\u0000',
        '{"a":}',
        '{a:1}',
        '[1,]',
        '1e999999',
        '"\\ud800"',
        '"\\u00"',
      )
      .map((text) => verbatim(JSON.stringify(text), text)),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => verbatim(`${bytes.length} random bytes`, Buffer.from(bytes))),
  );
  const invalidUtf8 = fc
    .tuple(validValue(schema), fc.constantFrom(...Object.keys(schema.properties ?? {}), 'extra'), invalidUtf8String)
    .map(([body, field, bytes]) => ({ ...(body as object), [field]: bytes }));
  const contentType = fc.constantFrom(
    undefined,
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/json; charset=latin1',
    'application/json; charset=utf-16le',
    'APPLICATION/JSON',
    'application/merge-patch+json',
    'application/problem+json',
    'application/json, text/plain',
    'application/json; charset=',
    ';;;',
    '*/*',
    `application/${'x'.repeat(2_000)}`,
  );
  const otherType = fc.tuple(contentType, validText).map(([type, text]) => ({
    contentType: type,
    content: type?.includes('utf-16')
      ? verbatim('UTF-16 JSON', Buffer.from(text, 'utf16le'))
      : verbatim('JSON text', text),
  }));
  const form = validValue(schema).map((value) => ({
    contentType: 'application/x-www-form-urlencoded',
    content: verbatim(
      'form fields',
      new URLSearchParams(
        Object.entries(value as object).map(([key, field]): [string, string] => [key, String(field)]),
      ).toString(),
    ),
  }));
  return fc.oneof(
    malformed.map((content) => ({ contentType: JSON_TYPE, content })),
    invalidUtf8.map((content) => ({ contentType: JSON_TYPE, content })),
    otherType,
    form,
  );
}
