import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Referees of applications (issue 17, docs/calls.md "Referees").
 *
 * - `call_referees`: a slot per named referee. In clear only the slot's id (the applicant's
 *   browser chose it; it is the AD of the details record), the application, the status, the
 *   times, and the SHA-256 of the link's token (the token itself is never stored, as invitations
 *   and setup tokens). Who the referee is (name, e-mail) is `details`, a signed record of purpose
 *   `application` written by the applicant's browser; its key is in `call_referee_envelopes`.
 *   `expired` is not stored: an invited slot whose `expires_at` has passed.
 * - `call_referee_letters`: at most one letter per slot (primary key), its own id (the AD of the
 *   letter record), the ciphertext, and the signing key the referee's browser made for it.
 * - `call_referee_envelopes`: the keys of the details (to a programme-desk key version and to the
 *   applicant) and of the letter (to a programme-desk key version only: the applicant has none).
 */
export class Referees1763700017300 implements MigrationInterface {
  name = 'Referees1763700017300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_referees (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES call_applications (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'letter_received', 'revoked')),
        details text NOT NULL CHECK (length(details) <= 4096),
        details_author_kid text NOT NULL CHECK (length(details_author_kid) = 22),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        letter_at timestamptz,
        revoked_at timestamptz,
        CHECK (expires_at > created_at),
        CHECK ((status = 'letter_received') = (letter_at IS NOT NULL)),
        CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX call_referees_application_idx ON call_referees (application_id, created_at, id)`);
    await q.query(`
      CREATE TABLE call_referee_letters (
        referee_id uuid PRIMARY KEY REFERENCES call_referees (id) ON DELETE CASCADE,
        id uuid NOT NULL UNIQUE,
        ciphertext text NOT NULL CHECK (length(ciphertext) <= 131200),
        author_kid text NOT NULL CHECK (length(author_kid) = 22),
        sign_pk text NOT NULL CHECK (length(sign_pk) = 43),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE call_referee_envelopes (
        referee_id uuid NOT NULL REFERENCES call_referees (id) ON DELETE CASCADE,
        sealed_for text NOT NULL CHECK (sealed_for IN ('details', 'letter')),
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('desk', 'requester')),
        desk_id uuid REFERENCES desks (id),
        desk_key_version integer,
        sealed_key text NOT NULL CHECK (length(sealed_key) <= 512),
        sealer_kid text NOT NULL CHECK (length(sealer_kid) = 22),
        signature text NOT NULL CHECK (length(signature) = 86),
        created_at timestamptz NOT NULL,
        CHECK ((recipient_kind = 'desk') = (desk_id IS NOT NULL AND desk_key_version IS NOT NULL)),
        CHECK (sealed_for = 'details' OR recipient_kind = 'desk')
      )`);
    await q.query(`CREATE UNIQUE INDEX call_referee_envelopes_desk_idx ON call_referee_envelopes (referee_id, sealed_for, desk_id, desk_key_version) WHERE recipient_kind = 'desk'`);
    await q.query(`CREATE UNIQUE INDEX call_referee_envelopes_requester_idx ON call_referee_envelopes (referee_id, sealed_for) WHERE recipient_kind = 'requester'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE call_referee_envelopes`);
    await q.query(`DROP TABLE call_referee_letters`);
    await q.query(`DROP TABLE call_referees`);
  }
}
