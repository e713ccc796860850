import { CliContext } from './context';

describe('where the CLI finds each consumer', () => {
  const ctx = new CliContext({}, { CONTROL_TOWER_DATABASE_URL: 'postgres://x@db/ct' });

  it('knows the control tower beside the four services: admin URL and database', () => {
    expect(ctx.serviceUrl('control-tower')).toBe('http://127.0.0.1:3000');
    expect(ctx.serviceDatabaseUrl('control-tower')).toBe('postgres://x@db/ct');
    expect(new CliContext({}, {}).serviceDatabaseUrl('control-tower')).toBe(
      'postgres://postgres@127.0.0.1:5432/control_tower',
    );
  });

  it('names a service database variable after the service', () => {
    const env = { BILLING_DATABASE_URL: 'postgres://x@db/b' };
    expect(new CliContext({}, env).serviceDatabaseUrl('billing-service')).toBe('postgres://x@db/b');
  });
});
