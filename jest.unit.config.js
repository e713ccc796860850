// Unit specs: pure logic beside the code, no I/O.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['**/*.spec.ts'],
};
