import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type SecuritySchemeObject } from '@nestjs/swagger';
import { problemDetailsSchema } from './problem-details.schema';

export interface OpenApiOptions {
  title: string;
  description: string;
  version: string;
  /** Serve the Swagger UI at /docs besides the JSON (off where the gateway's UI is enough). */
  ui: boolean;
}

/**
 * The bearer scheme, as auth issues and every verifier checks it (ADR 0004). The OWASP ruleset
 * asks JWT schemes to state that they follow RFC8725 (JWT best current practices).
 */
const BEARER_DESCRIPTION = [
  'Access token from POST /api/v1/auth/login: a JWT (RFC 9068, typ at+jwt) that lives 5 minutes by default, an hour at most.',
  'Issued and verified as RFC8725 recommends: one algorithm, ES256, fixed by the verifier and never taken from the token',
  '(so neither "none" nor an HMAC with the public key passes); the key named by kid from the issuer\'s JWKS;',
  'explicit typing; issuer, audience, expiry and issue time checked.',
].join(' ');

/** The one security scheme, under the name `@ApiBearerAuth()` refers to (`bearer`). */
export const BEARER_SECURITY_SCHEME: SecuritySchemeObject = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: BEARER_DESCRIPTION,
};
export const BEARER_SCHEME_NAME = 'bearer';

/** Route of each service's own OpenAPI document; the gateway merges them from here. */
export const OPENAPI_JSON_PATH = '/docs/openapi.json';

/** Builds the app's OpenAPI document and serves it at /docs/openapi.json (and the UI at /docs). */
export function setupOpenApi(app: INestApplication, options: OpenApiOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version)
    // Operations marked @ApiBearerAuth() get the lock icon; Authorize in the UI fills it in.
    .addBearerAuth(BEARER_SECURITY_SCHEME, BEARER_SCHEME_NAME)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ProblemDetails: problemDetailsSchema },
  };
  SwaggerModule.setup('docs', app, document, {
    ui: options.ui,
    raw: ['json'],
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    swaggerOptions: { persistAuthorization: true },
  });
}
