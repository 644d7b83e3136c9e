import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A retried intake whose first answer was lost (issue 13, finding 8). The case keeps the
 * SHA-256 of the canonical submission it was created from, so that the same body sent again
 * (same case id, receipt keys, record and envelopes, byte for byte once canonical) is answered
 * with the same success instead of 409, and nothing is written twice. The body is ciphertext,
 * public keys and the clear routing facts, all stored beside it, so the digest tells nothing
 * the row does not. Cases from before have none: a retry of one of those stays a 409.
 */
export class IntakeDigest1763700004100 implements MigrationInterface {
  name = 'IntakeDigest1763700004100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE aid_cases ADD COLUMN intake_digest bytea CHECK (length(intake_digest) = 32)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE aid_cases DROP COLUMN intake_digest`);
  }
}
