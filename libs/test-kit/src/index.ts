export * from './fresh-database';
export * from './stack-endpoints';
export * from './unique-name';
export * from './wait-for';
