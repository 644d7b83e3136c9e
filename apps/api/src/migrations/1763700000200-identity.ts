import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Staff identities, passkeys, vault wraps, invitations, desks and requester accounts. */
export class Identity1763700000200 implements MigrationInterface {
  name = 'Identity1763700000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE staff_members
        ADD COLUMN webauthn_user_id bytea UNIQUE CHECK (length(webauthn_user_id) = 32),
        ADD COLUMN enc_pk text CHECK (length(enc_pk) = 43),
        ADD COLUMN sign_pk text CHECK (length(sign_pk) = 43),
        ADD COLUMN vault text CHECK (length(vault) <= 4096),
        ADD COLUMN certificate jsonb CHECK (pg_column_size(certificate) <= 4096),
        ADD COLUMN certified_by uuid REFERENCES staff_members (id),
        ADD COLUMN certified_at timestamptz`);
    await q.query(`
      CREATE TABLE staff_passkeys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
        credential_id text NOT NULL UNIQUE CHECK (length(credential_id) BETWEEN 16 AND 1400),
        public_key bytea NOT NULL CHECK (length(public_key) <= 1024),
        counter bigint NOT NULL DEFAULT 0,
        transports text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX staff_passkeys_staff_idx ON staff_passkeys (staff_id)`);
    await q.query(`
      CREATE TABLE vault_wraps (
        id uuid PRIMARY KEY,
        staff_id uuid NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
        method text NOT NULL CHECK (method IN ('passkey-prf', 'passphrase', 'recovery-code')),
        credential_id text CHECK (length(credential_id) <= 1400),
        wrap jsonb NOT NULL CHECK (pg_column_size(wrap) <= 2048),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((method = 'passkey-prf') = (credential_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX vault_wraps_staff_idx ON vault_wraps (staff_id)`);
    await q.query(`
      CREATE TABLE desks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO desks (slug, name) VALUES
        ('intake', 'Intake'), ('psychological', 'Psychological support'), ('legal', 'Legal aid'),
        ('medical', 'Medical aid'), ('relocation', 'Relocation'), ('finance', 'Finance'), ('fellowship', 'Fellowship')`);
    await q.query(`
      CREATE TABLE desk_members (
        desk_id uuid NOT NULL REFERENCES desks (id) ON DELETE CASCADE,
        staff_id uuid NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
        is_lead boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (desk_id, staff_id)
      )`);
    await q.query(`CREATE INDEX desk_members_staff_idx ON desk_members (staff_id)`);
    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        roles text[] NOT NULL CHECK (cardinality(roles) BETWEEN 1 AND 8),
        desk_ids uuid[] NOT NULL DEFAULT '{}',
        lead_desk_ids uuid[] NOT NULL DEFAULT '{}',
        invited_by uuid NOT NULL REFERENCES staff_members (id),
        staff_id uuid NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE requesters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sign_kid text NOT NULL UNIQUE CHECK (length(sign_kid) = 22),
        enc_pk text NOT NULL CHECK (length(enc_pk) = 43),
        sign_pk text NOT NULL CHECK (length(sign_pk) = 43),
        created_at timestamptz NOT NULL DEFAULT date_trunc('day', now())
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['requesters', 'invitations', 'desk_members', 'desks', 'vault_wraps', 'staff_passkeys']) await q.query(`DROP TABLE ${table}`);
    await q.query(`ALTER TABLE staff_members DROP COLUMN webauthn_user_id, DROP COLUMN enc_pk, DROP COLUMN sign_pk, DROP COLUMN vault,
      DROP COLUMN certificate, DROP COLUMN certified_by, DROP COLUMN certified_at`);
  }
}
