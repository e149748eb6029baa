import { Module } from '@nestjs/common';
import { OpenApiAggregator } from './openapi-aggregator';

/** The merged OpenAPI document of the services behind the gateway. Needs UpstreamsModule and GatewayPoliciesModule. */
@Module({ providers: [OpenApiAggregator], exports: [OpenApiAggregator] })
export class GatewayDocsModule {}
