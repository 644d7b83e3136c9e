import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort } from './redis-server';
import { testEnv } from './app';

// `npm start` runs this file after building; the test runs the build the same way.
const MAIN = join(__dirname, '../../../dist/apps/api/main.js');

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [MAIN], { env: { PATH: process.env['PATH'] ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('starting the built system', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error('build the api first (npm run build)');
  });

  it('names PostgreSQL in one line with how to start it, and exits non-zero without hanging', async () => {
    const port = await freePort();
    const run = start({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/ashar`, REDIS_URL: testEnv().REDIS_URL });
    // A hang would be killed by spawnSync's time-out and leave no exit status.
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^PostgreSQL is not reachable at 127\.0\.0\.1:\d+\/ashar \(ECONNREFUSED\)\. Start the cluster that listens on port \d+ \(for Debian's default cluster: pg_ctlcluster/);
    expect(lines[0]).toContain(`port ${port} `);
  });

  it('names Redis in one line with how to start it, and exits non-zero', async () => {
    const port = await freePort();
    const run = start({ DATABASE_URL: testEnv().DATABASE_URL, REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Redis is not reachable at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Start it with: redis-server/);
    // The advice starts Redis where REDIS_URL points, not on the default port.
    expect(lines[0]).toContain(`--port ${port} `);
  });

  it('says in one line that the port is taken (a first server still running), before touching the database', async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      // An unreachable database: the port check must come first, or this would name PostgreSQL.
      const run = start({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/ashar`, REDIS_URL: testEnv().REDIS_URL });
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([
        `Port ${port} on 127.0.0.1 is already in use: another Ashar (or another program) is listening there. Stop it (Ctrl+C in its terminal) or set PORT to a free port.`,
      ]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('lists every bad configuration value on a line of its own, without echoing values', () => {
    const run = start({ PORT: 'seventy', ASHAR_ROLE: 'everything', DATABASE_URL: 'mysql://secret-password@x/y' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT:');
    expect(run.stderr).toContain('ASHAR_ROLE:');
    expect(run.stderr).toContain('DATABASE_URL: must be a URL starting with postgres:// or postgresql://');
    expect(run.stderr).not.toContain('secret-password');
    expect(run.stderr.trim().split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(3);
  });
});
