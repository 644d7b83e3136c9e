import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Written out here (a migration never changes once landed): libs/domain contracts/applications.ts as of this migration. */
const KINDS = ['person', 'organisation'];
const STATUSES = ['submitted', 'withdrawn'];
const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * Applications to calls (issue 17, docs/calls.md "Applications").
 *
 * - The `programme` desk, seeded like the other desks: applications are sealed to its current
 *   certified key (made, certified, approved and sealed to its members by the desk-key flow every
 *   desk has), never to the intake desk.
 * - `call_applications`: one per applicant account (a `requesters` row made from the receipt
 *   keys, as intake makes one per case). In clear only what the programme must sort and count by:
 *   the call, person or organisation, the country (quotas), the language (for the messages the
 *   applicant will get), the status and the times, to the minute as every requester-caused time.
 *   `submit_digest` is the SHA-256 of the canonical submission, by which a retry is recognised.
 * - `call_application_versions`: every version's signed record (libs/crypto purpose
 *   `application`), never overwritten; `call_application_envelopes`: each version's envelopes of
 *   its application key (to a programme-desk key version, and to the applicant).
 */
export class Applications1763700017100 implements MigrationInterface {
  name = 'Applications1763700017100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO desks (slug, name) VALUES ('programme', 'Programme') ON CONFLICT (slug) DO NOTHING`);
    await q.query(`
      CREATE TABLE call_applications (
        id uuid PRIMARY KEY,
        call_id uuid NOT NULL REFERENCES calls (id),
        requester_id uuid UNIQUE REFERENCES requesters (id) ON DELETE SET NULL,
        applicant_kind text NOT NULL CHECK (applicant_kind IN (${list(KINDS)})),
        country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        language text NOT NULL CHECK (length(language) BETWEEN 2 AND 35),
        status text NOT NULL DEFAULT 'submitted' CHECK (status IN (${list(STATUSES)})),
        version integer NOT NULL DEFAULT 1 CHECK (version BETWEEN 1 AND 1000),
        submit_digest bytea NOT NULL CHECK (octet_length(submit_digest) = 32),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        withdrawn_at timestamptz,
        CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
      )`);
    // A call's list, filtered and keyset-paged in SQL.
    await q.query(`CREATE INDEX call_applications_call_idx ON call_applications (call_id, created_at, id)`);
    await q.query(`
      CREATE TABLE call_application_versions (
        application_id uuid NOT NULL REFERENCES call_applications (id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version BETWEEN 1 AND 1000),
        ciphertext text NOT NULL CHECK (length(ciphertext) <= 131200),
        author_kid text NOT NULL CHECK (length(author_kid) = 22),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, version)
      )`);
    await q.query(`
      CREATE TABLE call_application_envelopes (
        application_id uuid NOT NULL,
        version integer NOT NULL,
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('desk', 'requester')),
        desk_id uuid REFERENCES desks (id),
        desk_key_version integer,
        sealed_key text NOT NULL CHECK (length(sealed_key) <= 512),
        sealer_kid text NOT NULL CHECK (length(sealer_kid) = 22),
        signature text NOT NULL CHECK (length(signature) = 86),
        created_at timestamptz NOT NULL,
        FOREIGN KEY (application_id, version) REFERENCES call_application_versions (application_id, version) ON DELETE CASCADE,
        CHECK ((recipient_kind = 'desk') = (desk_id IS NOT NULL AND desk_key_version IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX call_application_envelopes_desk_idx ON call_application_envelopes (application_id, version, desk_id, desk_key_version) WHERE recipient_kind = 'desk'`);
    await q.query(`CREATE UNIQUE INDEX call_application_envelopes_requester_idx ON call_application_envelopes (application_id, version) WHERE recipient_kind = 'requester'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE call_application_envelopes`);
    await q.query(`DROP TABLE call_application_versions`);
    await q.query(`DROP TABLE call_applications`);
    await q.query(`DELETE FROM desks WHERE slug = 'programme' AND NOT EXISTS (SELECT 1 FROM desk_members m WHERE m.desk_id = desks.id) AND NOT EXISTS (SELECT 1 FROM desk_keys k WHERE k.desk_id = desks.id)`);
  }
}
