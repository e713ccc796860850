import { discoverAppEnv, discoverJobEnv, envNamesIn } from './env-discovery';
import { repoFiles, repoRoot } from './repo-files';

describe('envNamesIn', () => {
  it('finds reader calls, helper arguments and env properties', () => {
    const source = `
      const read = new EnvReader(env);
      read.port('PORT', 3001);
      read.url("REGISTRY_URL", 'http://x', ['http:', 'https:']);
      seconds(read, 'SLA_CHECK_INTERVAL_SECONDS', 15);
      const cron = env.RECONCILIATION_CRON?.trim();
      const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
      const other = env['TAX_RATES'];
      problems.push('TAX_RATES must list at least one region');
      parse(cron, { tz: 'UTC' });`;
    expect(envNamesIn(source).sort()).toEqual([
      'KAFKA_BROKERS',
      'PORT',
      'RECONCILIATION_CRON',
      'REGISTRY_URL',
      'SLA_CHECK_INTERVAL_SECONDS',
      'TAX_RATES',
    ]);
  });
});

describe('discoverAppEnv', () => {
  const files = repoFiles(repoRoot);

  it('adds the shared service configuration to an app built on loadServiceConfig', () => {
    const env = discoverAppEnv(files, 'order-service');
    expect(env.names).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'SCHEMA_REGISTRY_URL']),
    );
    expect(env.sources).toContain('apps/order-service/src/config.ts');
    expect(env.sources).toContain('libs/event-runtime/src/config/service-config.ts');
    expect(env.sources.some((s) => s.endsWith('.spec.ts'))).toBe(false);
  });

  it('reads the job entry points from the tsconfig its image compiles', () => {
    const env = discoverJobEnv(files, 'deploy/docker/tsconfig.jobs.json');
    expect(env.sources).toEqual(['tools/registry/register.ts', 'tools/topics/ensure-topics.ts']);
    expect(env.names).toEqual(['KAFKA_BROKERS', 'KAFKA_REPLICATION_FACTOR', 'SCHEMA_REGISTRY_URL']);
  });
});
