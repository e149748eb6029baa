import type { OpenAPIObject } from '@nestjs/swagger';
import { isDeepStrictEqual } from 'node:util';
import type { RouteDefinition } from '../routing/route-table';
import { toPublicPath } from '../routing/validate-route-table';

export interface ServiceDocument {
  upstream: string;
  /** Undefined while the service's document cannot be fetched. */
  document: OpenAPIObject | undefined;
}

type Schemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;

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

/**
 * Merges the services' OpenAPI documents into the one the gateway serves: only paths a route
 * exposes, rewritten to the public paths clients call; schemas shared by name when identical
 * and prefixed with the service name when two services define one name differently.
 */
export function mergeOpenApi(
  services: readonly ServiceDocument[],
  routes: readonly RouteDefinition[],
  base: Pick<OpenAPIObject, 'info'>,
): OpenAPIObject {
  const schemas: Schemas = {};
  const securitySchemes: NonNullable<OpenAPIObject['components']>['securitySchemes'] = {};
  const merged: OpenAPIObject = { openapi: '3.0.3', info: base.info, servers: [{ url: '/' }], paths: {}, tags: [] };
  for (const { upstream, document: original } of services) {
    if (!original) continue;
    const renames: Record<string, string> = {};
    for (const [name, schema] of Object.entries(original.components?.schemas ?? {})) {
      if (name in schemas && !isDeepStrictEqual(schemas[name], schema)) renames[name] = `${capitalise(upstream)}${name}`;
    }
    const document = renameSchemaRefs(original, renames);
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) schemas[renames[name] ?? name] = schema;
    Object.assign(securitySchemes, document.components?.securitySchemes);
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      const publicPath = toPublicPath(routes, upstream, path);
      if (publicPath) merged.paths[publicPath] = item;
    }
    for (const tag of document.tags ?? []) if (!merged.tags!.some((known) => known.name === tag.name)) merged.tags!.push(tag);
  }
  merged.components = { schemas, ...(Object.keys(securitySchemes).length > 0 && { securitySchemes }) };
  return merged;
}
