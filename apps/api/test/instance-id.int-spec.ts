/**
 * The instance id salts every receipt key (crypto.md "Requester receipt codes"). It used to
 * default to "ashar" everywhere; now each deployment gets its own at its first start and keeps
 * it, an existing deployment with requesters keeps the former default so that no receipt code
 * stops working, and an INSTANCE_ID in the environment still wins (issue 13, finding 8).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { deriveRequesterKeys, encodePublicKey, generateReceiptCode, kidOf, ready, signChallenge } from '@ashar/crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type RunningAshar, startAshar } from '../src/ashar';
import { loadConfig } from '../src/config/config';
import { ownerDataSourceOptions, runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../src/migrations';
import { InstanceId1763700004000 } from '../src/migrations/1763700004000-instance-id';
// eslint-disable-next-line @nx/enforce-module-boundaries -- fresh databases come from the shared test support
import { type TestEnvironment, createTestEnvironment, destroyTestEnvironment } from '../../../test/support/environment';
import { testEnv } from './app';
import { withPow } from './pow';

/** A deployment: one database and Redis prefix, started and stopped as often as a test likes. */
class Deployment {
  private running: RunningAshar | undefined;
  private blobDir = '';

  private constructor(readonly env: TestEnvironment) {}

  static async create(label: string): Promise<Deployment> {
    const deployment = new Deployment(await createTestEnvironment(label));
    deployment.blobDir = await mkdtemp(join(tmpdir(), 'ashar-blobs-'));
    return deployment;
  }

  /** Starts the api and worker as a production start does (migrations first); `env` adds to the configuration. */
  async start(env: Record<string, string> = {}): Promise<INestApplication> {
    const config = loadConfig({
      ...testEnv(),
      DATABASE_URL: this.env.databaseUrl,
      REDIS_PREFIX: this.env.redisPrefix,
      BLOB_DIR: this.blobDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ...env,
    });
    this.running = await startAshar(config, { listen: false });
    return this.running.app as INestApplication;
  }

  async stop(): Promise<void> {
    await this.running?.close();
    this.running = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    await destroyTestEnvironment(this.env);
    await rm(this.blobDir, { recursive: true, force: true });
  }

  /** Applies `migrations` only, as an older release did. */
  async migrate(migrations: typeof MIGRATIONS): Promise<void> {
    const dataSource = new DataSource({ ...ownerDataSourceOptions({ DATABASE_URL: this.env.databaseUrl, DATABASE_ROLE: 'ashar_app' }), migrations } as ConstructorParameters<typeof DataSource>[0]);
    await dataSource.initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }

  async query<T>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.env.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }
}

const instanceIdOf = async (app: INestApplication): Promise<string> => (await request(app.getHttpServer()).get('/api/v1/intake/config').expect(200)).body.instanceId as string;

describe('the instance id of a deployment', () => {
  const deployments: Deployment[] = [];
  const deployment = async (label: string) => {
    const d = await Deployment.create(label);
    deployments.push(d);
    return d;
  };

  beforeAll(() => ready());
  afterAll(async () => {
    for (const d of deployments) await d.destroy();
  });

  it('is generated per deployment at its first start and kept across restarts; the app role cannot change it', async () => {
    const a = await deployment('instance_a');
    const b = await deployment('instance_b');
    const first = await instanceIdOf(await a.start());
    const other = await instanceIdOf(await b.start());
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(other).toMatch(/^[0-9a-f]{32}$/);
    expect(first).not.toBe(other);
    expect(first).not.toBe('ashar');
    await b.stop();

    // A restart reads the stored one; the requester challenge names it too.
    await a.stop();
    const restarted = await a.start();
    expect(await instanceIdOf(restarted)).toBe(first);
    const challenge = await withPow(request(restarted.getHttpServer()).post('/api/v1/requester/challenge'), restarted.getHttpServer(), 'requester-challenge').send({ kid: 'A'.repeat(22) }).expect(200);
    expect(challenge.body.instanceId).toBe(first);
    expect(await a.query(`SELECT instance_id FROM instance_identity`)).toEqual([{ instance_id: first }]);

    // The api's own role may read it, never rewrite it.
    const app = new Client({ connectionString: a.env.databaseUrl, options: '-c role=ashar_app' });
    await app.connect();
    try {
      await expect(app.query(`UPDATE instance_identity SET instance_id = 'chosen-by-an-intruder'`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`INSERT INTO instance_identity (one, instance_id) VALUES (false, 'x')`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });

  it('gives way to INSTANCE_ID from the environment', async () => {
    const d = await deployment('instance_env');
    const app = await d.start({ INSTANCE_ID: 'configured.example-1' });
    expect(await instanceIdOf(app)).toBe('configured.example-1');
    // The stored one was still made, for the day the variable is dropped.
    expect((await d.query<{ instance_id: string }>(`SELECT instance_id FROM instance_identity`))[0]!.instance_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('stays the former default on a deployment that already has requesters, so their receipt codes still sign in', async () => {
    const d = await deployment('instance_old');
    await d.migrate(MIGRATIONS.slice(0, MIGRATIONS.indexOf(InstanceId1763700004000)));
    // A requester from before: keys derived under the former default, "ashar".
    const code = generateReceiptCode();
    const keys = deriveRequesterKeys(code, 'ashar');
    await d.query(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $3)`, [kidOf(keys.signPk), encodePublicKey(keys.encPk), encodePublicKey(keys.signPk)]);

    const app = await d.start();
    expect(await instanceIdOf(app)).toBe('ashar');
    const http = app.getHttpServer();
    const challenge = await withPow(request(http).post('/api/v1/requester/challenge'), http, 'requester-challenge').send({ kid: kidOf(keys.signPk) }).expect(200);
    expect(challenge.body.instanceId).toBe('ashar');
    const signature = signChallenge(keys, challenge.body.instanceId, challenge.body.challenge);
    await request(http).post('/api/v1/requester/sign-in').send({ ceremonyId: challenge.body.ceremonyId, signature }).expect(204);
  });

  it('is random on an existing deployment that has no requester yet', async () => {
    const d = await deployment('instance_empty');
    await d.migrate(MIGRATIONS.slice(0, MIGRATIONS.indexOf(InstanceId1763700004000)));
    expect(await instanceIdOf(await d.start())).toMatch(/^[0-9a-f]{32}$/);
  });
});
