export * from './problem-details.schema';
export * from './api-problem-responses.decorator';
export * from './setup-openapi';
