export * from './flatten-validation-errors';
export * from './problem-validation.pipe';
