export * from './api-clients';
export * from './api-governance.guard';
export * from './api-governance.module';
export * from './rate-limiter';
export * from './request-context';
export * from './request-id.middleware';
export * from './route-audit';
export * from './scopes';
