export * from './fresh-database';
export * from './stack-endpoints';
export * from './unique-name';
export * from './wait-for';
export * from './free-port';
export * from './private-postgres';
export * from './http-client';
