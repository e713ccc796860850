import { unavailableProblem } from './unavailable';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('unavailableProblem', () => {
  it('answers 503 for a database or registry that is away', () => {
    const cases: unknown[] = [
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      // Through the Unix socket while the server restarts: its socket file is gone.
      Object.assign(pgError('ENOENT', 'connect ENOENT /var/run/postgresql/.s.PGSQL.5432'), {
        syscall: 'connect',
      }),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is not yet accepting connections'),
      pgError('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      // TypeORM's QueryFailedError keeps the driver's error.
      Object.assign(new Error('query failed'), { driverError: pgError('57P02') }),
      Object.assign(new Error('outer'), { cause: pgError('ECONNRESET') }),
      pgError('REGISTRY.UNAVAILABLE', 'schema registry unavailable'),
    ];
    for (const error of cases) {
      expect(unavailableProblem(error)).toMatchObject({
        status: 503,
        code: 'SERVICE.UNAVAILABLE',
        retryAfterSeconds: 2,
      });
    }
  });

  it('leaves every other error alone', () => {
    for (const error of [
      pgError('23505', 'duplicate key'),
      pgError('40P01', 'deadlock detected'),
      new TypeError('x is undefined'),
      // A missing file is not a missing server.
      Object.assign(pgError('ENOENT', "open '/etc/keys.json'"), { syscall: 'open' }),
      'a string',
      undefined,
    ]) {
      expect(unavailableProblem(error)).toBeUndefined();
    }
  });
});
