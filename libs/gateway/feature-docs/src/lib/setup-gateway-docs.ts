import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { OPENAPI_JSON_PATH } from '@platform/util-http';
import { OpenApiAggregator } from './openapi-aggregator';

/** Serves Swagger UI at /docs and the merged document at /docs/openapi.json. */
export function setupGatewayDocs(app: INestApplication): void {
  const aggregator = app.get(OpenApiAggregator);
  const placeholder = { openapi: '3.0.3', info: { title: 'Platform API', version: '1.0' }, paths: {} };
  SwaggerModule.setup('docs', app, placeholder, {
    raw: ['json'],
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    customSiteTitle: 'Platform API',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
    patchDocumentOnRequest: () => aggregator.document(),
  });
}
