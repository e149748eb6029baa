import { Module } from '@nestjs/common';
import { DrainOnShutdown } from './drain-on-shutdown';
import { ProxyEdge } from './proxy-edge';

/**
 * The gateway's proxy path (the request pipeline's handler for the route table) and the bounded
 * drain of its connections at shutdown. Needs UpstreamsModule and GatewayPoliciesModule.
 */
@Module({ providers: [DrainOnShutdown, ProxyEdge], exports: [ProxyEdge] })
export class GatewayEdgeModule {}
