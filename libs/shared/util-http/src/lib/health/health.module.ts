import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { Readiness } from './readiness';
import { READINESS_INDICATORS, type ReadinessIndicator } from './readiness-indicator';

export interface HealthModuleOptions {
  imports?: ModuleMetadata['imports'];
  /** What readiness checks, in the order reported. */
  readiness: Type<ReadinessIndicator>[];
}

/**
 * Serves GET /health/live and the plain GET /health/ready on the public port, and provides
 * `Readiness`, whose detailed report the management server shows.
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        Readiness,
        ...options.readiness,
        {
          provide: READINESS_INDICATORS,
          useFactory: (...indicators: ReadinessIndicator[]) => indicators,
          inject: options.readiness,
        },
      ],
      exports: [Readiness],
    };
  }
}
