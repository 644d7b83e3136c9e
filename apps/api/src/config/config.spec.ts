import { ConfigError, allowedOrigins, describeTarget, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the local PostgreSQL and Redis, both roles, port 3000', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgres://ashar_app@127.0.0.1:5432/ashar');
    expect(config.DATABASE_OWNER_URL).toBe('postgres://postgres@127.0.0.1:5432/ashar');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.ASHAR_ROLE).toBe('all');
    expect(config.PORT).toBe(3000);
    expect(config.MIGRATE_ON_START).toBe(true);
  });

  it('accepts an onion origin beside PUBLIC_URL, and refuses one that is not an onion origin', () => {
    const onion = 'http://exampleonionaddress.onion';
    const config = loadConfig({ PUBLIC_URL: 'https://help.example.org/', ONION_URL: onion });
    expect(allowedOrigins(config)).toEqual(['https://help.example.org', onion]);
    expect(allowedOrigins(loadConfig({ PUBLIC_URL: 'https://help.example.org' }))).toEqual(['https://help.example.org']);
    for (const bad of ['https://help.example.org', 'ftp://x.onion', `${onion}/portal`, `${onion}/?x=1`, 'http://user:pw@x.onion', 'not a url']) {
      expect(() => loadConfig({ ONION_URL: bad })).toThrow(ConfigError);
    }
    // A stand-in host for tests only, never in production.
    expect(loadConfig({ NODE_ENV: 'test', ONION_URL: 'http://127.0.0.2:3000', ONION_URL_ANY_HOST: 'true' }).ONION_URL).toBe('http://127.0.0.2:3000');
    expect(() => loadConfig({ NODE_ENV: 'production', ONION_URL: 'http://127.0.0.2:3000', ONION_URL_ANY_HOST: 'true' })).toThrow(ConfigError);
  });

  it('keeps the form without JavaScript off by default, and on only with a root key to verify the desks to', () => {
    expect(loadConfig({})).toMatchObject({ NOSCRIPT_INTAKE: false, NOSCRIPT_INTAKE_PER_MINUTE: 10 });
    expect(() => loadConfig({ NOSCRIPT_INTAKE: 'true' })).toThrow(ConfigError);
    const root = 'A'.repeat(43);
    expect(loadConfig({ NOSCRIPT_INTAKE: 'true', ROOT_PUBLIC_KEY: root, NOSCRIPT_INTAKE_PER_MINUTE: '3' })).toMatchObject({ NOSCRIPT_INTAKE: true, NOSCRIPT_INTAKE_PER_MINUTE: 3 });
    expect(() => loadConfig({ NOSCRIPT_INTAKE: 'yes' })).toThrow(ConfigError);
  });

  it('sends the quick exit to the local neutral page by default, or to a configured path or http(s) address only', () => {
    expect(loadConfig({}).EXIT_URL).toBe('/about-weather.html');
    expect(loadConfig({ EXIT_URL: 'https://weather.example/today' }).EXIT_URL).toBe('https://weather.example/today');
    expect(loadConfig({ EXIT_URL: '/news.html' }).EXIT_URL).toBe('/news.html');
    for (const bad of ['javascript:alert(1)', '//evil.example/', 'weather.html', 'data:text/html,x']) expect(() => loadConfig({ EXIT_URL: bad })).toThrow(ConfigError);
  });

  it('reads and coerces values from the environment', () => {
    const config = loadConfig({ PORT: '8080', ASHAR_ROLE: 'worker', MIGRATE_ON_START: 'false', REDIS_PREFIX: 'ashar-b' });
    expect(config).toMatchObject({ PORT: 8080, ASHAR_ROLE: 'worker', MIGRATE_ON_START: false, REDIS_PREFIX: 'ashar-b' });
  });

  it('logs the api in as the app role and migrates as the owner, unless one URL is given for both', () => {
    expect(loadConfig({ DATABASE_ROLE: 'ashar_staging' })).toMatchObject({ DATABASE_URL: 'postgres://ashar_staging@127.0.0.1:5432/ashar', DATABASE_OWNER_URL: 'postgres://postgres@127.0.0.1:5432/ashar' });
    // Only the owner given: the app logs in as its role on the owner's server and database, without the owner's password.
    expect(loadConfig({ DATABASE_OWNER_URL: 'postgres://owner:secret@db:6543/prod?sslmode=require' })).toMatchObject({
      DATABASE_URL: 'postgres://ashar_app@db:6543/prod?sslmode=require',
      DATABASE_OWNER_URL: 'postgres://owner:secret@db:6543/prod?sslmode=require',
    });
    // Only DATABASE_URL given (the older single-login setup): migrations use it too.
    const single = loadConfig({ DATABASE_URL: 'postgres://postgres@db/ashar' });
    expect(single.DATABASE_URL).toBe('postgres://postgres@db/ashar');
    expect(single.DATABASE_OWNER_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://ashar_app:pw@db/ashar', DATABASE_OWNER_URL: 'postgres://owner:pw@db/ashar' })).toMatchObject({
      DATABASE_URL: 'postgres://ashar_app:pw@db/ashar',
      DATABASE_OWNER_URL: 'postgres://owner:pw@db/ashar',
    });
  });

  it('keeps audit checkpoints in files outside the database, every 15 minutes by default', () => {
    expect(loadConfig({})).toMatchObject({ AUDIT_CHECKPOINT_DIR: 'var/audit-checkpoints', AUDIT_CHECKPOINT_KEY_FILE: 'var/keys/audit-checkpoint.key', AUDIT_CHECKPOINT_MINUTES: 15 });
    expect(loadConfig({ AUDIT_CHECKPOINT_MINUTES: '60', AUDIT_CHECKPOINT_DIR: '/srv/checkpoints' })).toMatchObject({ AUDIT_CHECKPOINT_MINUTES: 60, AUDIT_CHECKPOINT_DIR: '/srv/checkpoints' });
    expect(() => loadConfig({ AUDIT_CHECKPOINT_MINUTES: '0' })).toThrow('AUDIT_CHECKPOINT_MINUTES:');
  });

  it('runs as the ashar_app role by default and accepts only plain role names', () => {
    expect(loadConfig({}).DATABASE_ROLE).toBe('ashar_app');
    expect(loadConfig({ DATABASE_ROLE: 'ashar_staging' }).DATABASE_ROLE).toBe('ashar_staging');
    expect(() => loadConfig({ DATABASE_ROLE: 'x -c role=postgres' })).toThrow('DATABASE_ROLE:');
    expect(() => loadConfig({ DATABASE_OWNER_URL: 'mysql://owner@db/ashar' })).toThrow('DATABASE_OWNER_URL:');
  });

  it('keeps e-mail off and file blobs on disk by default, and reads per-type retention', () => {
    const config = loadConfig({});
    expect(config.SMTP_URL).toBeUndefined();
    expect(config).toMatchObject({ BLOB_STORE: 'fs', BLOB_DIR: 'var/blobs', FILE_MAX_BYTES: 2 * 1024 ** 3, FILES_PER_CASE_MAX: 100, CASE_RETENTION_DAYS: 90 });
    expect(config.RETENTION_DAYS_LEGAL).toBeUndefined();
    expect(loadConfig({ RETENTION_DAYS_LEGAL: '30', BLOB_STORE: 'postgres', SMTP_URL: 'smtps://u:p@mail.example.org:465' })).toMatchObject({ RETENTION_DAYS_LEGAL: 30, BLOB_STORE: 'postgres' });
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow('SMTP_URL:');
    expect(() => loadConfig({ BLOB_STORE: 's3' })).toThrow('BLOB_STORE:');
    expect(() => loadConfig({ MAIL_FROM: 'a\nBcc: x@example.org' })).toThrow('MAIL_FROM:');
  });

  it('treats an empty value as missing', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });

  it('reports one line per bad value and never echoes the values', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '99999', ASHAR_ROLE: 'both', REDIS_URL: 'http://user:hunter2@host', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['ASHAR_ROLE', 'LOG_LEVEL', 'PORT', 'REDIS_URL']);
    expect((error as ConfigError).message).not.toContain('hunter2');
    expect((error as ConfigError).message.split('\n')).toHaveLength(5);
  });
});

describe('describeTarget', () => {
  it('drops credentials', () => {
    expect(describeTarget('postgres://admin:secret@db.internal:6543/ashar')).toBe('db.internal:6543/ashar');
    expect(describeTarget('redis://:secret@cache')).toBe('cache:6379');
  });
});
