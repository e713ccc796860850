export * from './service-in-process';
