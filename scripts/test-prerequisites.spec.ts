// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script of npm test
const { plan } = require('./test-prerequisites.cjs') as { plan: (s: Record<string, boolean>) => { fail?: string; run?: Array<{ say: string; command: string }> } };

const ready = { chromium: true, tor: true, postgres: true, redis: true, root: true, apt: true };

describe('what npm test sets up before it runs', () => {
  it('does nothing on a machine that has everything', () => {
    expect(plan(ready)).toEqual({ run: [] });
  });

  it('installs Chromium and tor with apt-get as root, as .ci/run does', () => {
    const steps = plan({ ...ready, chromium: false, tor: false });
    expect(steps.run?.map((s) => s.say)).toEqual(["installing chromium, tor from Debian's packages"]);
    expect(steps.run?.[0]?.command).toContain('apt-get install -y --no-install-recommends chromium tor');
  });

  it('starts PostgreSQL and Redis when they do not answer', () => {
    const steps = plan({ ...ready, postgres: false, redis: false });
    expect(steps.run?.map((s) => s.say)).toEqual(['starting PostgreSQL', 'starting Redis']);
  });

  it('stops at once with one line saying exactly what to run when it may not install', () => {
    const steps = plan({ ...ready, chromium: false, root: false });
    expect(steps.fail).toBe("npm test needs Debian's chromium package: run `sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium`, then npm test again.");
    expect(steps.fail).not.toContain('\n');
    expect(plan({ ...ready, redis: false, root: false }).fail).toMatch(/^npm test needs Redis \(127\.0\.0\.1:6379\) running: start it \(redis-server /);
  });
});
