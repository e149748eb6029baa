import fc from 'fast-check';
import { anyJson, hostileNumber, hostileString } from './hostile-values';
import type { Schema } from './openapi-operations';

/** Plain addresses every validator accepts; odd but valid ones (fc.emailAddress) are among the boundaries. */
const plainEmail = fc.stringMatching(/^[a-z][a-z0-9]{0,10}(\.[a-z0-9]{1,8})?@[a-z][a-z0-9]{0,10}\.(com|org|test)$/);

/** Values the schema allows (which the service may still refuse for other reasons, e.g. a taken e-mail). */
export function validValue(schema: Schema): fc.Arbitrary<unknown> {
  const value = validNonNull(schema);
  return schema.nullable ? fc.option(value, { nil: null }) : value;
}

function validNonNull(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return validString(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 - 1 });
    case 'number':
      return fc.oneof(
        fc.integer({ min: Math.ceil(schema.minimum ?? -1e6), max: Math.floor(schema.maximum ?? 1e6) }),
        fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(schema.items ?? {}), { maxLength: 3 });
    case 'object':
      return validObject(schema);
    default:
      return anyJson;
  }
}

function validString(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 64, Math.max(minLength, 64));
  switch (schema.format) {
    case 'email':
      return plainEmail;
    case 'uuid':
      return fc.uuid();
    case 'password':
      return fc.string({ unit: 'grapheme-ascii', minLength, maxLength });
    default:
      return fc.oneof(
        fc.string({ unit: 'grapheme-ascii', minLength, maxLength }),
        fc.string({ unit: 'grapheme', minLength, maxLength }),
      );
  }
}

function validObject(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, inner]) => [name, validValue(inner)]),
  );
  return fc.record(properties, { requiredKeys: schema.required ?? [] });
}

/**
 * A valid object to mutate: mostly with its required fields alone, so that an optional field
 * the caller may not send (a role, for a user) does not get the body refused before the
 * mutated field is looked at.
 */
function baseObject(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const minimal = {
    ...schema,
    properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => required.has(name))),
  };
  return fc.oneof({ weight: 3, arbitrary: validObject(minimal) }, { weight: 1, arbitrary: validObject(schema) });
}

/** Sets `name` as an own property, even `__proto__`. */
function withField(body: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  return Object.defineProperty({ ...body }, name, { value, enumerable: true, configurable: true, writable: true });
}

/**
 * A valid object body with some of its fields set to values from `valueFor(field schema)`: one
 * field in most cases, since a validator stops at the first bad field and another bad one would
 * hide what the first does further in.
 */
export function withHostileFields(
  schema: Schema,
  valueFor: (field: Schema) => fc.Arbitrary<unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.entries(schema.properties ?? {});
  if (fields.length === 0)
    return fc.tuple(baseObject(schema), valueFor({})).map(([body, value]) => withField(body, 'extra', value));
  const change = fc.constantFrom(...fields).chain(([name, inner]) => valueFor(inner).map((value) => ({ name, value })));
  const one = change.map((only) => [only]);
  const several = () =>
    fc.uniqueArray(change, { minLength: 2, maxLength: fields.length, selector: (each) => each.name });
  const changes =
    fields.length < 2 ? one : fc.oneof({ weight: 4, arbitrary: one }, { weight: 1, arbitrary: several() });
  return fc
    .tuple(baseObject(schema), changes)
    .map(([body, set]) => set.reduce((result, { name, value }) => withField(result, name, value), body));
}

/** A valid object body with required fields dropped and extra (also prototype-polluting) fields added. */
export function reshapedObject(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const required = schema.required ?? [];
  const extraName = fc.oneof(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'id',
      'version',
      'role',
      'password',
      'isAdmin',
      'createdAt',
      '',
    ),
    hostileString,
  );
  return fc
    .tuple(baseObject(schema), fc.subarray(required), fc.array(fc.tuple(extraName, anyJson), { maxLength: 3 }))
    .filter(([, dropped, extra]) => dropped.length > 0 || extra.length > 0)
    .map(([body, dropped, extra]) => {
      const kept = Object.fromEntries(Object.entries(body).filter(([name]) => !dropped.includes(name)));
      return extra.reduce((result, [name, value]) => withField(result, name, value), kept);
    });
}

/** A value of some JSON type other than the schema's. */
export function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const typeOf = (value: unknown) =>
    Array.isArray(value)
      ? 'array'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'integer'
          : 'number'
        : typeof value === 'string'
          ? 'string'
          : typeof value;
  const matches = (value: unknown) =>
    typeOf(value) === schema.type || (schema.type === 'number' && typeOf(value) === 'integer');
  return fc
    .oneof(
      hostileNumber,
      fc.boolean(),
      fc.constantFrom<unknown>([], {}, ['a'], { a: 'b' }, '1', 'true'),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .filter((value) => value !== null && !matches(value));
}

/** Just inside and just outside the schema's limits. */
export function boundaryValue(schema: Schema): fc.Arbitrary<unknown> {
  const edges: unknown[] = [];
  if (schema.minLength !== undefined)
    edges.push('a'.repeat(Math.max(0, schema.minLength - 1)), 'a'.repeat(schema.minLength));
  if (schema.maxLength !== undefined)
    edges.push(
      'a'.repeat(schema.maxLength),
      'a'.repeat(schema.maxLength + 1),
      'é'.repeat(schema.maxLength),
      '😀'.repeat(schema.maxLength),
      'é'.repeat(schema.maxLength + 1),
    );
  if (schema.format === 'email')
    edges.push(
      'a@b',
      '@example.com',
      'ada@',
      'ADA@EXAMPLE.COM',
      `${'a'.repeat(64)}@${'b'.repeat(185)}.com`,
      'a b@example.com',
      'ada@exämple.com',
      '"a@b"@example.com',
    );
  if (schema.minimum !== undefined) edges.push(schema.minimum, schema.minimum - 1, schema.minimum - 0.5);
  if (schema.maximum !== undefined) edges.push(schema.maximum, schema.maximum + 1, schema.maximum + 0.5);
  if (schema.enum)
    edges.push(
      ...schema.enum.map((option) => String(option).toUpperCase()),
      ...schema.enum.map((option) => ` ${String(option)}`),
    );
  if (edges.length === 0) edges.push('', 0, -1, 2 ** 31, '0'.repeat(300));
  return schema.format === 'email' ? fc.oneof(fc.constantFrom(...edges), fc.emailAddress()) : fc.constantFrom(...edges);
}
