import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { READINESS_INDICATORS, type ReadinessIndicator } from './readiness-indicator';

export interface HealthModuleOptions {
  imports?: ModuleMetadata['imports'];
  /** What readiness checks, in the order reported. */
  readiness: Type<ReadinessIndicator>[];
}

/** Serves GET /health/live and GET /health/ready for an app. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        ...options.readiness,
        {
          provide: READINESS_INDICATORS,
          useFactory: (...indicators: ReadinessIndicator[]) => indicators,
          inject: options.readiness,
        },
      ],
    };
  }
}
