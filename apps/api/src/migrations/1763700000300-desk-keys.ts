import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Versioned desk keys (public part and certificate) and their grants, sealed to each member. */
export class DeskKeys1763700000300 implements MigrationInterface {
  name = 'DeskKeys1763700000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE desk_keys (
        desk_id uuid NOT NULL REFERENCES desks (id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        enc_pk text NOT NULL CHECK (length(enc_pk) = 43),
        certificate jsonb CHECK (pg_column_size(certificate) <= 4096),
        created_by uuid NOT NULL REFERENCES staff_members (id),
        certified_by uuid REFERENCES staff_members (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        certified_at timestamptz,
        PRIMARY KEY (desk_id, version)
      )`);
    await q.query(`
      CREATE TABLE desk_key_grants (
        desk_id uuid NOT NULL,
        version integer NOT NULL,
        staff_id uuid NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
        sealed_key text NOT NULL CHECK (length(sealed_key) <= 512),
        granted_by uuid NOT NULL REFERENCES staff_members (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (desk_id, version, staff_id),
        FOREIGN KEY (desk_id, version) REFERENCES desk_keys (desk_id, version) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX desk_key_grants_staff_idx ON desk_key_grants (staff_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE desk_key_grants');
    await q.query('DROP TABLE desk_keys');
  }
}
