export * from './problem';
export * from './problem-details.filter';
export * from './validation.pipe';
export * from './field-rules';
export * from './idempotency';
export * from './governance';
export * from './unavailable';
