// Fault tests stop or kill parts of the shared stack (the broker, the registry): they run
// one at a time, after the integration tests, so no other suite sees the outage.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'fault',
  testMatch: ['**/*.fault-spec.ts'],
  maxWorkers: 1,
  testTimeout: 240_000,
  // After a broker SIGKILL, kafkajs' runner heartbeats once more after its last batch and
  // reopens a coordinator connection that outlives consumer.disconnect(); a service exits on
  // SIGTERM regardless, but jest would wait for that socket for ever.
  forceExit: true,
};
