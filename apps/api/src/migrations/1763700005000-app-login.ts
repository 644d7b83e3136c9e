import { type MigrationInterface, type QueryRunner } from 'typeorm';

// The app role's name comes from the owner connection (setting ashar.app_role, from DATABASE_ROLE).
const APP_ROLE = `coalesce(nullif(current_setting('ashar.app_role', true), ''), 'ashar_app')`;

/**
 * The api logs in as the app role itself, never as the owner (docs/audit.md, "Database roles"):
 * a login that is the owner or a superuser can leave the app role with SET ROLE and rewrite the
 * audit log. So the app role may log in. Without a password, which only trust or peer
 * authentication accepts (a development machine, the tests); password authentication refuses a
 * role without one, so on a server the operator sets it (deploy/postgres/roles.sql does, and
 * creates the role with LOGIN before the first migration). An owner that may not alter roles
 * leaves that to the operator. Nobody but the owner creates objects in the public schema
 * (PostgreSQL 15 already has it so), and default privileges are granted again by the owner
 * running this, so tables of later migrations reach the app role under the same owner.
 */
export class AppLogin1763700005000 implements MigrationInterface {
  name = 'AppLogin1763700005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE app text := ${APP_ROLE};
      BEGIN
        IF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = app) THEN
          BEGIN
            EXECUTE format('ALTER ROLE %I LOGIN', app);
          EXCEPTION
            WHEN insufficient_privilege THEN
              RAISE NOTICE 'role % cannot log in and % may not change that: the operator gives it LOGIN and a password (deploy/postgres/roles.sql)', app, current_user;
            WHEN OTHERS THEN
              -- Roles are cluster-wide: another database's migration may be altering it at the same moment.
              IF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = app) THEN RAISE; END IF;
          END;
        END IF;
        BEGIN
          REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        EXCEPTION WHEN insufficient_privilege THEN
          NULL; -- the schema is not ours to change (PostgreSQL before 15, owned by a superuser)
        END;
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', app);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', app);
      END
      $$`);
  }

  async down(): Promise<void> {
    // The role stays as it is: it is cluster-wide and other databases may log in with it.
  }
}
