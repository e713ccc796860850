import { ConfigError, EnvReader } from './env-reader';

describe('EnvReader', () => {
  it('reads values with their defaults', () => {
    const env = new EnvReader({ PORT: '3005', BROKERS: 'a:1, b:2' });
    expect(env.port('PORT', 3001)).toBe(3005);
    expect(env.port('OTHER_PORT', 3001)).toBe(3001);
    expect(env.list('BROKERS', 'x:9')).toEqual(['a:1', 'b:2']);
    expect(env.url('DB', 'postgres://h/db', ['postgres:'])).toBe('postgres://h/db');
    expect(() => env.done()).not.toThrow();
  });

  it('never repeats the password of a URL it cannot parse', () => {
    const env = new EnvReader({ DB: 'postgres://app:s3cr@t:x@127.0.0.1:99999/db' });
    env.url('DB', 'postgres://h/db', ['postgres:']);
    expect(() => env.done()).toThrow(
      "DB must be a URL, got 'postgres://app:***@127.0.0.1:99999/db'",
    );
    expect(() => env.done()).not.toThrow(/s3cr/);
  });

  it('names every problem at once', () => {
    const env = new EnvReader({ PORT: 'eighty', DB: 'http://h/db', REG: 'not a url' });
    env.port('PORT', 1);
    env.url('DB', 'postgres://h/db', ['postgres:', 'postgresql:']);
    env.url('REG', 'http://h', ['http:', 'https:']);
    env.string('SECRET');
    expect(() => env.done()).toThrow(ConfigError);
    try {
      env.done();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        "PORT must be a port number (1-65535), got 'eighty'",
        "DB must use postgres: or postgresql:, got 'http:'",
        "REG must be a URL, got 'not a url'",
        'SECRET is required',
      ]);
    }
  });
});
