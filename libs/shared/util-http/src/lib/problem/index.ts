export * from './problem-details';
export * from './problem.exception';
export * from './to-problem';
export * from './send-problem';
export * from './problem-details.filter';
export * from './problem-body';
export * from './bound-problem';
export * from './framework-problems';
