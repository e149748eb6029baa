/** The part of an OpenAPI 3.0 schema object these checks read. */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: Schema;
  required?: string[];
  properties?: Record<string, Schema>;
}

/**
 * Where `value` breaks `schema`, for the keywords the platform's documents use (type, enum,
 * pattern, lengths, bounds, maxItems, required, properties, local $ref). A small checker, so that
 * e2e tests can hold real answers to the published document without another dependency.
 * Header values arrive as text: a header schema of type integer is checked on the parsed number.
 */
export function schemaViolations(
  value: unknown,
  schema: Schema,
  components: Record<string, Schema> = {},
  at = '$',
): string[] {
  if (schema.$ref)
    return schemaViolations(value, components[schema.$ref.replace('#/components/schemas/', '')] ?? {}, components, at);
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${at}: ${what} (got ${JSON.stringify(value)?.slice(0, 80)})`);
  if (schema.enum && !schema.enum.includes(value)) fail(`not one of ${JSON.stringify(schema.enum)}`);
  if (schema.type === 'string') {
    if (typeof value !== 'string') return [...problems, `${at}: not a string`];
    if (schema.maxLength !== undefined && value.length > schema.maxLength) fail(`longer than ${schema.maxLength}`);
    if (schema.minLength !== undefined && value.length < schema.minLength) fail(`shorter than ${schema.minLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      fail(`does not match ${schema.pattern}`);
  } else if (schema.type === 'integer' || schema.type === 'number') {
    if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value)))
      return [...problems, `${at}: not an ${schema.type}`];
    if (schema.minimum !== undefined && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail(`above ${schema.maximum}`);
  } else if (schema.type === 'array') {
    if (!Array.isArray(value)) return [...problems, `${at}: not an array`];
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail(`more than ${schema.maxItems} items`);
    value.forEach((item, i) => problems.push(...schemaViolations(item, schema.items ?? {}, components, `${at}[${i}]`)));
  } else if (schema.type === 'object' || schema.properties) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return [...problems, `${at}: not an object`];
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in object)) problems.push(`${at}.${name}: missing`);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (name in object) problems.push(...schemaViolations(object[name], property, components, `${at}.${name}`));
    }
  }
  return problems;
}

/** schemaViolations for a header's text: integers are parsed first. */
export function headerViolations(text: string, schema: Schema, name: string): string[] {
  const value = schema.type === 'integer' && /^-?\d+$/.test(text) ? Number(text) : text;
  return schemaViolations(value, schema, {}, name);
}
