export * from './service-in-process';
export * from './statement-log';
