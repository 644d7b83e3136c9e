// What `npm test` needs from the machine beyond `npm ci`: PostgreSQL and Redis answering, Debian's
// Chromium (browser tests) and tor (its --verify-config judges deploy/tor/torrc). It sets up what
// it can the way .ci/run does — starts the local services, installs the packages as root with
// apt-get — and otherwise stops at once with one line that says exactly what to run.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');

const PG_START = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
const REDIS_START = "mkdir -p /var/lib/redis /var/log/redis && redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log";

/**
 * The steps for a machine in `state` ({ chromium, tor, postgres, redis: booleans present/answering;
 * root, apt: may we install }): `{ run: [{ say, command }] }` or `{ fail: 'one line' }`.
 */
function plan(state) {
  const packages = [];
  if (!state.chromium) packages.push('chromium');
  if (!state.tor) packages.push('tor');
  const run = [];
  if (!state.postgres) run.push({ say: 'starting PostgreSQL', command: PG_START, wait: 'postgres' });
  if (!state.redis) run.push({ say: 'starting Redis', command: REDIS_START, wait: 'redis' });
  if (packages.length > 0) {
    const install = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
    if (!state.root || !state.apt) {
      return { fail: `npm test needs Debian's ${packages.join(' and ')} package${packages.length > 1 ? 's' : ''}: run \`sudo apt-get update && sudo ${install}\`, then npm test again.` };
    }
    run.push({ say: `installing ${packages.join(', ')} from Debian's packages`, command: `apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${install} -qq >/dev/null` });
  }
  if (run.some((s) => s.wait) && !state.root) {
    const down = run.filter((s) => s.wait).map((s) => (s.wait === 'postgres' ? 'PostgreSQL (127.0.0.1:5432)' : 'Redis (127.0.0.1:6379)'));
    return { fail: `npm test needs ${down.join(' and ')} running: start ${down.length > 1 ? 'them' : 'it'} (${run.filter((s) => s.wait).map((s) => s.command.replace(/^mkdir[^&]*&& /, '')).join('; ')}), then npm test again.` };
  }
  return { run };
}

const sh = (command) => spawnSync('sh', ['-c', command], { stdio: 'ignore' }).status === 0;
const answering = {
  postgres: () => sh('pg_isready -h 127.0.0.1 -p 5432 -q'),
  redis: () => sh('redis-cli -h 127.0.0.1 -p 6379 ping'),
};

/** This machine's state, read with the same checks .ci/run uses. */
function readState() {
  return {
    chromium: existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    tor: sh('command -v tor'),
    postgres: answering.postgres(),
    redis: answering.redis(),
    root: typeof process.getuid === 'function' && process.getuid() === 0,
    apt: sh('command -v apt-get'),
  };
}

/** Brings the machine to what the tests need; returns a one-line reason when it cannot. */
function ensure(log = console.log) {
  const steps = plan(readState());
  if (steps.fail) return steps.fail;
  for (const step of steps.run) {
    log(`npm test: ${step.say}`);
    if (!sh(step.command)) return `npm test: ${step.say} failed; run it yourself: ${step.command}`;
    if (step.wait) {
      let up = false;
      for (let i = 0; i < 60 && !up; i += 1) {
        up = answering[step.wait]();
        if (!up) spawnSync('sleep', ['0.5']);
      }
      if (!up) return `npm test: ${step.say} did not answer; run it yourself: ${step.command}`;
    }
  }
  return undefined;
}

module.exports = { plan, ensure };
