/**
 * The deployment's database roles (deploy/postgres/roles.sql, run by init-roles.sh as the
 * postgres image runs it): an owner that is not a superuser migrates, the api logs in as an app
 * role that owns nothing, and that role can append to the audit log but neither change it nor
 * become the owner. Role names carry a suffix of this run: roles are cluster-wide.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { startAshar, type RunningAshar } from '../src/ashar';
import { AuditService } from '../src/audit';
import { loadConfig } from '../src/config/config';
import { loginBeyondAppRole } from '../src/database';
// eslint-disable-next-line @nx/enforce-module-boundaries -- fresh databases come from the shared test support
import { BASE_DATABASE_URL, createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../../../test/support/environment';
import { testEnv } from './app';

const SCRIPT = join(__dirname, '../../../deploy/postgres/init-roles.sh');
const ROLES_SQL = join(__dirname, '../../../deploy/postgres/roles.sql');

function loginUrl(env: TestEnvironment, role: string, password: string): string {
  const url = new URL(env.databaseUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}

async function asSuperuser<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: BASE_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('deploy/postgres/roles.sql', () => {
  const suffix = randomBytes(4).toString('hex');
  const owner = `ashar_owner_${suffix}`;
  const app = `ashar_app_${suffix}`;
  let env: TestEnvironment;
  let running: RunningAshar | undefined;

  const runScript = () => {
    const base = new URL(env.databaseUrl);
    return spawnSync('sh', [SCRIPT], {
      env: {
        PATH: process.env['PATH'] ?? '',
        PGHOST: base.hostname,
        PGPORT: base.port || '5432',
        POSTGRES_USER: decodeURIComponent(base.username),
        POSTGRES_DB: env.databaseName,
        ASHAR_OWNER_ROLE: owner,
        ASHAR_OWNER_PASSWORD: 'owner secret',
        ASHAR_APP_ROLE: app,
        ASHAR_APP_PASSWORD: "app 'secret'",
        ASHAR_ROLES_SQL: ROLES_SQL,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
  };

  beforeAll(async () => {
    env = await createTestEnvironment('roles');
  });
  afterAll(async () => {
    await running?.close();
    await destroyTestEnvironment(env);
    await asSuperuser(async (admin) => {
      for (const role of [app, owner]) await admin.query(`DROP ROLE IF EXISTS ${role}`);
    });
  });

  it('makes two logins, neither a superuser, the owner owning the database, and runs again without harm', async () => {
    for (let run = 0; run < 2; run += 1) {
      const result = runScript();
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    }
    const roles = await asSuperuser(async (admin) =>
      (
        await admin.query(
          `SELECT rolname, rolsuper, rolcanlogin, rolcreaterole, rolcreatedb, pg_has_role($2, $1, 'MEMBER') AS app_is_owner
             FROM pg_roles WHERE rolname IN ($1, $2) ORDER BY rolname`,
          [owner, app],
        )
      ).rows,
    );
    expect(roles).toEqual([
      { rolname: app, rolsuper: false, rolcanlogin: true, rolcreaterole: false, rolcreatedb: false, app_is_owner: false },
      { rolname: owner, rolsuper: false, rolcanlogin: true, rolcreaterole: false, rolcreatedb: false, app_is_owner: false },
    ]);
    const [database] = await asSuperuser(async (admin) => (await admin.query(`SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1`, [env.databaseName])).rows);
    expect(database).toEqual({ owner });
  });

  it('lets the owner migrate and the api run as the app role, which appends to the audit log but cannot change it or leave its role', async () => {
    const config = loadConfig({
      DATABASE_URL: loginUrl(env, app, "app 'secret'"),
      DATABASE_OWNER_URL: loginUrl(env, owner, 'owner secret'),
      DATABASE_ROLE: app,
      REDIS_URL: testEnv().REDIS_URL,
      REDIS_PREFIX: env.redisPrefix,
      ASHAR_ROLE: 'api',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    });
    running = await startAshar(config, { listen: false });
    const audit = running.app.get(AuditService);
    const dataSource = running.app.get(DataSource);
    const recorded = await dataSource.transaction((manager) => audit.record(manager, { action: 'auth.sign_in_failed', actor: { kind: 'anonymous' } }));
    expect(recorded.seq).toBe('1');

    const appClient = new Client({ connectionString: config.DATABASE_URL });
    await appClient.connect();
    try {
      expect((await appClient.query('SELECT session_user AS login')).rows[0].login).toBe(app);
      expect(await loginBeyondAppRole(async (text) => (await appClient.query(text)).rows)).toBeNull();
      for (const statement of [
        `SET ROLE ${owner}`,
        'UPDATE audit_events SET action = action',
        'DELETE FROM audit_events',
        'TRUNCATE audit_events',
        'ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete',
        'CREATE TABLE planted (x int)',
      ]) {
        await expect(appClient.query(statement)).rejects.toMatchObject({ code: '42501' });
      }
    } finally {
      await appClient.end();
    }
    const ownerClient = new Client({ connectionString: config.DATABASE_OWNER_URL });
    await ownerClient.connect();
    try {
      expect(await loginBeyondAppRole(async (text) => (await ownerClient.query(text)).rows)).toBe(`the database login ${owner} may act as the owner of the tables`);
      const [{ tableowner }] = (await ownerClient.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'audit_events'`)).rows;
      expect(tableowner).toBe(owner);
    } finally {
      await ownerClient.end();
    }
  });
});
