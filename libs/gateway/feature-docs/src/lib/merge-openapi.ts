import type { OpenAPIObject, OperationObject, PathItemObject, ServerObject } from '@nestjs/swagger';
import { BEARER_SCHEME_NAME, BEARER_SECURITY_SCHEME } from '@platform/util-http';
import { isDeepStrictEqual } from 'node:util';
import type { RouteDefinition } from '@platform/gateway-util-routing';
import { toPublicPath } from '@platform/gateway-util-routing';
import { describeEdge, type EdgeBehaviour } from './describe-edge';

export interface ServiceDocument {
  upstream: string;
  /** Undefined while the service's document cannot be fetched. */
  document: OpenAPIObject | undefined;
}

type Schemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The gateway itself, the public entry: `x-internal: false` says so to documentation tools. */
const GATEWAY_SERVER: ServerObject & { 'x-internal': boolean } = { url: '/', 'x-internal': false };

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Points every `$ref` to a renamed schema at its new name. */
function renameSchemaRefs<T>(value: T, renames: Record<string, string>): T {
  if (Object.keys(renames).length === 0) return value;
  let json = JSON.stringify(value);
  for (const [from, to] of Object.entries(renames)) {
    json = json.split(`"#/components/schemas/${from}"`).join(`"#/components/schemas/${to}"`);
  }
  return JSON.parse(json) as T;
}

/** The route that serves a public path: the longest prefix that contains it, as the edge matches. */
function routeServing(routes: readonly RouteDefinition[], path: string): RouteDefinition | undefined {
  return routes
    .filter((route) => path === route.prefix || path.startsWith(`${route.prefix}/`))
    .reduce<
      RouteDefinition | undefined
    >((longest, route) => (longest && longest.prefix.length >= route.prefix.length ? longest : route), undefined);
}

function operationsOf(item: PathItemObject): OperationObject[] {
  return METHODS.map((method) => item[method]).filter(
    (operation): operation is OperationObject => operation !== undefined,
  );
}

/**
 * Merges the services' OpenAPI documents into the one the gateway serves: only paths a route
 * exposes, rewritten to the public paths clients call; schemas shared by name when identical
 * and prefixed with the service name when two services define one name differently. With
 * `edge`, each operation also gets what the gateway itself does to it (describeEdge).
 */
export function mergeOpenApi(
  services: readonly ServiceDocument[],
  routes: readonly RouteDefinition[],
  base: Pick<OpenAPIObject, 'info'>,
  edge?: EdgeBehaviour,
): OpenAPIObject {
  const schemas: Schemas = {};
  const securitySchemes: NonNullable<OpenAPIObject['components']>['securitySchemes'] = {};
  const tags: NonNullable<OpenAPIObject['tags']> = [];
  const merged: OpenAPIObject = {
    openapi: '3.0.3',
    info: base.info,
    servers: [{ ...GATEWAY_SERVER }],
    paths: {},
    tags,
  };
  for (const { upstream, document: original } of services) {
    if (!original) continue;
    const renames: Record<string, string> = {};
    for (const [name, schema] of Object.entries(original.components?.schemas ?? {})) {
      if (name in schemas && !isDeepStrictEqual(schemas[name], schema))
        renames[name] = `${capitalise(upstream)}${name}`;
    }
    const document = renameSchemaRefs(original, renames);
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {}))
      schemas[renames[name] ?? name] = schema;
    Object.assign(securitySchemes, document.components?.securitySchemes);
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      const publicPath = toPublicPath(routes, upstream, path);
      const route = publicPath && routeServing(routes, publicPath);
      if (!publicPath || !route) continue;
      // A copy: the service's document is cached and merged again on the next request.
      const copy = structuredClone(item);
      if (edge) for (const operation of operationsOf(copy)) describeEdge(operation, route, edge, publicPath);
      merged.paths[publicPath] = copy;
    }
    for (const tag of document.tags ?? []) if (!tags.some((known) => known.name === tag.name)) tags.push(tag);
  }
  addOperationTags(merged.paths, tags);
  if (edge && routes.some((route) => route.access === 'bearer'))
    securitySchemes[BEARER_SCHEME_NAME] = BEARER_SECURITY_SCHEME;
  merged.components = { schemas, ...(Object.keys(securitySchemes).length > 0 && { securitySchemes }) };
  return merged;
}

/** Declares every tag an operation uses (Nest lists only those given to the DocumentBuilder). */
function addOperationTags(paths: OpenAPIObject['paths'], tags: NonNullable<OpenAPIObject['tags']>): void {
  for (const item of Object.values(paths)) {
    for (const operation of operationsOf(item)) {
      for (const name of operation.tags ?? []) if (!tags.some((tag) => tag.name === name)) tags.push({ name });
    }
  }
}
