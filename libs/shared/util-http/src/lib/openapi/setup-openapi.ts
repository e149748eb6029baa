import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { problemDetailsSchema } from './problem-details.schema';

export interface OpenApiOptions {
  title: string;
  description: string;
  version: string;
  /** Serve the Swagger UI at /docs besides the JSON (off where the gateway's UI is enough). */
  ui: boolean;
}

/** Route of each service's own OpenAPI document; the gateway merges them from here. */
export const OPENAPI_JSON_PATH = '/docs/openapi.json';

/** Builds the app's OpenAPI document and serves it at /docs/openapi.json (and the UI at /docs). */
export function setupOpenApi(app: INestApplication, options: OpenApiOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version)
    // Operations marked @ApiBearerAuth() get the lock icon; Authorize in the UI fills it in.
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/v1/auth/login' })
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
