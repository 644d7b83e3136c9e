import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Desk key continuity and revocation (libs/crypto SPEC.md §8.2, §8.3; issue 13, findings 1 and 2).
 *
 * desk_keys gains each version's derived signing key (`sign_pk`, null for a legacy version made
 * before links existed), the link from its predecessor, a second admin's approval, and when a
 * revocation statement revoked it. `published` says whether clients may seal to it: certified,
 * and linked or approved; the desk's current key is its newest published version, unless that
 * one is revoked (then there is none until a new version is published).
 *
 * The certifying and approving admins' certificates are kept as they were when they certified
 * and approved, and so is the certificate of the admin who signed each revocation: what clients
 * verify of an old version does not change when an admin later enrols new keys.
 *
 * key_revocations keeps every signed revocation statement, with the admin who signed it.
 */
export class DeskTrust1763700001600 implements MigrationInterface {
  name = 'DeskTrust1763700001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE desk_keys
        ADD COLUMN sign_pk text CHECK (length(sign_pk) = 43),
        ADD COLUMN certifier_certificate jsonb CHECK (pg_column_size(certifier_certificate) <= 4096),
        ADD COLUMN link text CHECK (length(link) = 86),
        ADD COLUMN approval_signature text CHECK (length(approval_signature) = 86),
        ADD COLUMN approved_by uuid REFERENCES staff_members (id),
        ADD COLUMN approved_at timestamptz,
        ADD COLUMN approval_certificate jsonb CHECK (pg_column_size(approval_certificate) <= 4096),
        ADD COLUMN revoked_at timestamptz,
        ADD CONSTRAINT desk_keys_approval_whole CHECK ((approval_signature IS NULL) = (approved_by IS NULL) AND (approved_by IS NULL) = (approved_at IS NULL) AND (approved_at IS NULL) = (approval_certificate IS NULL)),
        ADD CONSTRAINT desk_keys_link_needs_sign_pk CHECK (link IS NULL OR sign_pk IS NOT NULL),
        ADD COLUMN published boolean GENERATED ALWAYS AS (certificate IS NOT NULL AND (link IS NOT NULL OR approval_signature IS NOT NULL)) STORED`);
    await q.query(`CREATE INDEX desk_keys_published_idx ON desk_keys (desk_id, version DESC) WHERE published`);
    await q.query(`
      CREATE TABLE key_revocations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('staff', 'desk')),
        subject_id text NOT NULL CHECK (length(subject_id) BETWEEN 1 AND 200),
        kid text NOT NULL CHECK (length(kid) = 22),
        revoked_at timestamptz NOT NULL,
        statement jsonb NOT NULL CHECK (pg_column_size(statement) <= 2048),
        issued_by uuid NOT NULL REFERENCES staff_members (id),
        issuer_certificate jsonb NOT NULL CHECK (pg_column_size(issuer_certificate) <= 4096),
        stored_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, subject_id, kid, revoked_at, issued_by)
      )`);
    await q.query(`CREATE INDEX key_revocations_subject_idx ON key_revocations (kind, subject_id, kid)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE key_revocations');
    await q.query('DROP INDEX desk_keys_published_idx');
    await q.query(`
      ALTER TABLE desk_keys
        DROP COLUMN published,
        DROP CONSTRAINT desk_keys_link_needs_sign_pk,
        DROP CONSTRAINT desk_keys_approval_whole,
        DROP COLUMN revoked_at,
        DROP COLUMN approval_certificate,
        DROP COLUMN approved_at,
        DROP COLUMN approved_by,
        DROP COLUMN approval_signature,
        DROP COLUMN link,
        DROP COLUMN certifier_certificate,
        DROP COLUMN sign_pk`);
  }
}
