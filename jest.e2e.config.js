// End-to-end scenarios: the four services as separate processes on the real stack, driven by
// the simulator through their public APIs and topics. One file at a time: it owns the machine.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'e2e',
  testMatch: ['**/*.e2e-spec.ts'],
  maxWorkers: 1,
  testTimeout: 600_000,
  slowTestThreshold: 120,
};
