/**
 * The onion service's configuration, judged by tor itself (`tor --verify-config`, Debian's tor
 * package: .ci/run installs it like Chromium), and the compose and Kubernetes files that run it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const here = (p: string) => join(__dirname, p);

/** tor's verdict on `torrc` with its directories moved into a fresh temporary folder. */
function verify(torrc: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ashar-torrc-'));
  try {
    chmodSync(dir, 0o700);
    const moved = torrc.replace(/^(DataDirectory|HiddenServiceDir) \/var\/lib\/tor/gm, `$1 ${dir}`);
    writeFileSync(join(dir, 'torrc'), moved);
    const run = spawnSync('tor', ['--verify-config', '-f', join(dir, 'torrc')], { encoding: 'utf8' });
    if (run.error) throw new Error(`tor could not be run (apt-get install tor): ${run.error.message}`);
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The defence lines (proof of work, introduction limits, streams per circuit) of a torrc. */
function defences(torrc: string): string[] {
  return torrc
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^HiddenService(PoW|EnableIntroDoS|MaxStreams)/.test(l))
    .sort();
}

const composeTorrc = readFileSync(here('tor/torrc'), 'utf8');
/** The parts of a Kubernetes object these checks read. */
interface K8sObject {
  kind?: string;
  metadata?: { name?: string };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    strategy?: { type?: string };
    ports?: Array<{ port?: number }>;
    template?: { spec?: { containers?: Array<{ name: string }> } };
  };
}
const k8sDocs = parseAllDocuments(readFileSync(here('k8s/ashar.yaml'), 'utf8')).map((d) => d.toJS() as K8sObject);
const onionConfig = k8sDocs.find((d) => d.kind === 'ConfigMap' && d.metadata?.name === 'ashar-onion');
const onionDeployment = k8sDocs.find((d) => d.kind === 'Deployment' && d.metadata?.name === 'ashar-onion');

describe('deploy/tor/torrc (compose)', () => {
  it('is accepted by tor, with the proof-of-work defence on', () => {
    const verdict = verify(composeTorrc);
    expect(verdict.output).toContain('Configuration was valid');
    expect(verdict.status).toBe(0);
    expect(composeTorrc).toMatch(/^HiddenServicePoWDefensesEnabled 1$/m);
  });

  it('is refused by tor when the target is a host name, which is why tor shares Caddy’s network', () => {
    const verdict = verify(composeTorrc.replace('HiddenServicePort 80 127.0.0.1:80', 'HiddenServicePort 80 caddy:80'));
    expect(verdict.status).not.toBe(0);
    expect(verdict.output).toContain('Unparseable address');
    const compose = parse(readFileSync(here('compose.yaml'), 'utf8')) as { services: Record<string, Record<string, unknown>> };
    expect(compose.services['tor']?.['network_mode']).toBe('service:caddy');
    expect(compose.services['tor']?.['build']).toBe('./tor');
  });
});

describe('deploy/k8s/ashar.yaml onion pod', () => {
  it('has a torrc that tor accepts, with the same defences as deploy/tor/torrc', () => {
    const torrc = String(onionConfig?.data?.['torrc'] ?? '');
    const verdict = verify(torrc);
    expect(verdict.output).toContain('Configuration was valid');
    expect(verdict.status).toBe(0);
    expect(defences(torrc)).toEqual(defences(composeTorrc));
    expect(defences(torrc).length).toBeGreaterThanOrEqual(8);
  });

  it('runs tor beside a Caddy that listens where tor points, proxying to the api service', () => {
    const torrc = String(onionConfig?.data?.['torrc'] ?? '');
    const target = /^HiddenServicePort 80 127\.0\.0\.1:(\d+)$/m.exec(torrc)?.[1];
    expect(target).toBeDefined();
    const caddyfile = String(onionConfig?.data?.['Caddyfile'] ?? '');
    expect(caddyfile).toContain(`http://{$ASHAR_ONION_HOST}:${target} {`);
    expect(caddyfile).toContain('bind 127.0.0.1');
    expect(caddyfile).toContain('reverse_proxy ashar-api:80');
    expect(caddyfile).toMatch(/log \{\s*output discard\s*\}/);
    const pod = onionDeployment?.spec?.template?.spec;
    expect((pod?.containers ?? []).map((c) => c.name).sort()).toEqual(['caddy', 'tor']);
    expect(onionDeployment?.spec?.replicas).toBe(1);
    expect(onionDeployment?.spec?.strategy?.type).toBe('Recreate');
    const service = k8sDocs.find((d) => d.kind === 'Service' && d.metadata?.name === 'ashar-api');
    expect(service?.spec?.ports?.[0]?.port).toBe(80);
  });
});
