/** The subset of JSON Schema (OpenAPI 3.0) the fuzzer reads; unknown keywords are ignored. */
export interface Schema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  nullable?: boolean;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** The templated path, e.g. `/api/v1/users/{id}`. */
  path: string;
  parameters: Parameter[];
  /** Schema of the JSON request body, $refs resolved. */
  body?: Schema;
  /** Whether the document says the operation needs a bearer token. */
  secured: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

type Security = Array<Record<string, string[]>>;
type RawParameter = Partial<Omit<Parameter, 'schema'>> & { $ref?: string; schema?: Schema };
interface RawOperation {
  parameters?: RawParameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: Security;
}
type PathItem = Partial<Record<(typeof METHODS)[number], RawOperation>> & { parameters?: RawParameter[] };

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface OpenApiDocument {
  paths: Record<string, PathItem>;
  security?: Security;
}

/** Every operation of an OpenAPI 3 document, with parameter and body schemas inlined. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const lookUp = <T>(ref: string): T =>
    ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document) as T;
  const resolve = (schema: Schema | undefined, seen: string[] = []): Schema | undefined => {
    if (!schema) return undefined;
    if (schema.$ref) {
      if (seen.includes(schema.$ref)) return {}; // a recursive schema: fuzz the inner level as "anything"
      return resolve(lookUp<Schema>(schema.$ref), [...seen, schema.$ref]);
    }
    const properties =
      schema.properties &&
      Object.fromEntries(Object.entries(schema.properties).map(([name, inner]) => [name, resolve(inner, seen) ?? {}]));
    return { ...schema, properties, items: resolve(schema.items, seen) };
  };
  const parameter = (raw: RawParameter): Parameter => {
    const resolved = raw.$ref ? lookUp<RawParameter>(raw.$ref) : raw;
    return {
      name: resolved.name ?? '',
      in: resolved.in ?? 'query',
      required: Boolean(resolved.required),
      schema: resolve(resolved.schema) ?? {},
    };
  };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const security = operation.security ?? document.security ?? [];
      return [
        {
          method: method.toUpperCase(),
          path,
          parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(parameter),
          body: resolve(operation.requestBody?.content?.['application/json']?.schema),
          secured: security.some((requirement) => Object.keys(requirement).length > 0),
        },
      ];
    }),
  );
}

export const operationName = (operation: Pick<Operation, 'method' | 'path'>): string =>
  `${operation.method} ${operation.path}`;

/** GET, HEAD and OPTIONS change nothing; every other method may. */
export const isWrite = (operation: Pick<Operation, 'method'>): boolean =>
  !['GET', 'HEAD', 'OPTIONS'].includes(operation.method);
