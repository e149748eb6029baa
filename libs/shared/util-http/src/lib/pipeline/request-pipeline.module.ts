import { Global, Inject, Injectable, Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { RequestPipeline } from './request-pipeline';

/** Turns the pipeline's 503 on as the app's shutdown begins: requests in flight finish, new ones go elsewhere. */
@Injectable()
class RefuseWhileClosing implements BeforeApplicationShutdown {
  constructor(@Inject(RequestPipeline) private readonly pipeline: RequestPipeline) {}

  beforeApplicationShutdown(): void {
    this.pipeline.close();
  }
}

/** The app's RequestPipeline (created with the HTTP server, before Nest), for the modules that extend it. */
@Global()
@Module({})
export class RequestPipelineModule {
  static forRoot(pipeline: RequestPipeline): DynamicModule {
    return {
      module: RequestPipelineModule,
      providers: [{ provide: RequestPipeline, useValue: pipeline }, RefuseWhileClosing],
      exports: [RequestPipeline],
    };
  }
}
