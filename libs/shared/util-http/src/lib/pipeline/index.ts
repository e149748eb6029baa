export * from './client-addressing';
export * from './cors';
export * from './exchange';
export * from './request-pipeline';
export * from './observers';
export * from './request-pipeline.module';
