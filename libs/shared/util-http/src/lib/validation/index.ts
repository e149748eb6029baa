export * from './flatten-validation-errors';
export * from './problem-validation.pipe';
export * from './safe-text';
export * from './presence';
