// Integration tests against the real Kafka, schema registry and PostgreSQL.
// Two workers on a two-core machine: the broker and the registry need the rest.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'integration',
  testMatch: ['**/*.int-spec.ts'],
  maxWorkers: 2,
  testTimeout: 120_000,
  slowTestThreshold: 30,
};
