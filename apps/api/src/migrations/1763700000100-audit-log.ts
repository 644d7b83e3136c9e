import { type MigrationInterface, type QueryRunner } from 'typeorm';

// The app role's name comes from the owner connection (setting ashar.app_role, from DATABASE_ROLE).
const APP_ROLE = `coalesce(nullif(current_setting('ashar.app_role', true), ''), 'ashar_app')`;

/**
 * The append-only, hash-chained audit log, and the role the api runs as: it may read and
 * write the app's tables (now and future ones) but only read and append to audit_events.
 * Roles are cluster-wide, so the role is created only if missing (another database of the
 * cluster may be creating it at the same moment).
 */
export class AuditLog1763700000100 implements MigrationInterface {
  name = 'AuditLog1763700000100';

  async up(q: QueryRunner): Promise<void> {
    // seq is gapless (previous + 1, assigned under the chain lock), not a sequence: a
    // rolled-back append must leave no hole. Every column but hash is hashed (docs/decisions.md).
    await q.query(`
      CREATE TABLE audit_events (
        seq bigint PRIMARY KEY CHECK (seq >= 1),
        occurred_at timestamptz NOT NULL,
        actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'requester', 'system', 'anonymous')),
        actor_id text CHECK (actor_id ~ '^[A-Za-z0-9_.:@-]{1,128}$'),
        action text NOT NULL CHECK (length(action) <= 64 AND action ~ '^[a-z][a-z_]*(\\.[a-z][a-z_]*)+$'),
        subject_type text CHECK (subject_type ~ '^[a-z][a-z_]{0,31}$'),
        subject_id text CHECK (subject_id ~ '^[A-Za-z0-9_.:@-]{1,128}$'),
        data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object' AND pg_column_size(data) <= 2048),
        prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
        hash bytea NOT NULL CHECK (length(hash) = 32),
        CHECK ((actor_kind IN ('staff', 'requester')) = (actor_id IS NOT NULL)),
        CHECK ((subject_type IS NULL) = (subject_id IS NULL))
      )`);
    await q.query(`CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id, seq) WHERE subject_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_kind, actor_id, seq) WHERE actor_id IS NOT NULL`);

    // Defence in depth behind the grants: even the owner cannot change or remove an event
    // without first disabling these triggers, which takes ownership and leaves a trace in the chain.
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);

    await q.query(`
      DO $$
      DECLARE app text := ${APP_ROLE};
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
          BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', app);
          EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- created at the same moment by a migration of another database
          END;
        END IF;
        -- A non-superuser owner must be a member to connect with -c role=<app>.
        IF NOT pg_has_role(current_user, app, 'MEMBER') THEN
          EXECUTE format('GRANT %I TO %I', app, current_user);
        END IF;
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app);
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', app);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', app);
        EXECUTE format('REVOKE ALL ON schema_migrations FROM %I', app);
        IF to_regclass('schema_migrations_id_seq') IS NOT NULL THEN
          EXECUTE format('REVOKE ALL ON SEQUENCE schema_migrations_id_seq FROM %I', app);
        END IF;
        EXECUTE format('REVOKE ALL ON audit_events FROM %I', app);
        EXECUTE format('GRANT SELECT, INSERT ON audit_events TO %I', app);
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The role stays: it is cluster-wide and other databases may use it.
    await q.query(`
      DO $$
      DECLARE app text := ${APP_ROLE};
      BEGIN
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM %I', app);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM %I', app);
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', app);
        EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', app);
        EXECUTE format('REVOKE USAGE ON SCHEMA public FROM %I', app);
      END
      $$`);
    await q.query('DROP TABLE audit_events');
    await q.query('DROP FUNCTION audit_events_append_only()');
  }
}
