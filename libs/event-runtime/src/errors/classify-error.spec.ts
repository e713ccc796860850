import {
  InvalidEventError,
  RegistryUnavailableError,
  UndecodableEventError,
} from '@logisync/canonical-events';
import { classifyError } from './classify-error';
import { NonRetriableError, PrerequisiteMissingError, RetriableError } from './handler-errors';

function pgError(code: string): Error {
  return Object.assign(new Error(`sql state ${code}`), { code });
}

describe('classifyError', () => {
  it.each([
    ['an undecodable message', new UndecodableEventError('bad magic byte'), 'poison'],
    ['an invalid event', new InvalidEventError('OrderReleased', ['lines']), 'poison'],
    ['a handler rejection', new NonRetriableError('negative quantity'), 'poison'],
    ['a registry outage', new RegistryUnavailableError('refused'), 'transient'],
    ['a retriable handler error', new RetriableError('lock busy'), 'transient'],
    ['a missing prerequisite', new PrerequisiteMissingError('OrderReleased', 'o-1'), 'park'],
    [
      'a refused connection',
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      'transient',
    ],
    ['an admin shutdown', pgError('57P01'), 'transient'],
    ['a serialization failure', pgError('40001'), 'transient'],
    ['a connection failure', pgError('08006'), 'transient'],
    ['a dropped connection', new Error('Connection terminated unexpectedly'), 'transient'],
    ['a unique violation', pgError('23505'), 'unknown'],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'x')"), 'unknown'],
  ])('classifies %s', (_what, error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });

  it('looks through TypeORM driver errors and causes', () => {
    const wrapped = Object.assign(new Error('query failed'), { driverError: pgError('57P03') });
    expect(classifyError(wrapped)).toBe('transient');
    expect(classifyError(new Error('outer', { cause: pgError('08001') }))).toBe('transient');
  });

  it('treats kafkajs errors marked retriable as transient', () => {
    expect(
      classifyError(Object.assign(new Error('leader not available'), { retriable: true })),
    ).toBe('transient');
  });
});
