import { startAdvice } from './preflight';

describe('startAdvice', () => {
  it('starts a local Redis on the port REDIS_URL names', () => {
    expect(startAdvice('redis', 'redis://127.0.0.1:6390/2')).toBe("Start it with: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6390 --save '' --appendonly no");
    expect(startAdvice('redis', 'redis://localhost')).toContain('--port 6379 ');
  });

  it('names Debian’s default PostgreSQL cluster on 5432 and the configured port otherwise', () => {
    expect(startAdvice('postgres', 'postgres://postgres@127.0.0.1:5432/ashar')).toBe('Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
    expect(startAdvice('postgres', 'postgres://postgres@127.0.0.1:5433/ashar')).toMatch(/^Start the cluster that listens on port 5433 /);
  });

  it('asks to check a remote service instead of offering to start it, without its credentials', () => {
    const advice = startAdvice('redis', 'redis://:secret@cache.internal:7000');
    expect(advice).toBe('Check that Redis runs at cache.internal:7000 and that REDIS_URL names it.');
    expect(startAdvice('postgres', 'postgres://u:pw@db.internal/ashar')).toBe('Check that PostgreSQL runs at db.internal:5432 and that DATABASE_URL names it.');
  });
});
