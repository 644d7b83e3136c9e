import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Written out here (a migration never changes once landed): libs/domain calls.ts as of this migration. */
const KINDS = ['fellowship', 'organisation_grants', 'media_grants', 'training'];
const STATUSES = ['draft', 'published', 'closed', 'decided', 'archived'];
const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * Calls for applications (issue 17, docs/calls.md). A call keeps each of its times three ways:
 * the local time as set (`opens_local`, `closes_local`: wall-clock time without a zone, "24:00"
 * already turned into 00:00 of the next day), the IANA zone (`time_zone`), and the instant the api
 * computed from them with its time-zone data (`opens_at`, `closes_at`). The instant is what the
 * deadline guard compares; the local time and the zone are what people were told, kept so the
 * instant can be checked again when the zone's rules change.
 *
 * Texts, the form and per-country quotas are JSON checked by the api's contract (libs/domain
 * contracts/calls.ts); the database bounds their size. Nothing here is secret: a published call is
 * a public page. Applications (encrypted) come in a later migration.
 */
export class Calls1763700017000 implements MigrationInterface {
  name = 'Calls1763700017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN (${list(KINDS)})),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN (${list(STATUSES)})),
        texts jsonb NOT NULL CHECK (jsonb_typeof(texts) = 'object' AND texts ? 'en' AND octet_length(texts::text) <= 1000000),
        form jsonb NOT NULL CHECK (jsonb_typeof(form) = 'array' AND octet_length(form::text) <= 1000000),
        quota_total integer CHECK (quota_total BETWEEN 1 AND 10000),
        quota_per_country jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(quota_per_country) = 'object' AND octet_length(quota_per_country::text) <= 10000),
        time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
        opens_local timestamp(0) NOT NULL,
        closes_local timestamp(0) NOT NULL,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        decision_on date,
        notify_on date,
        created_by uuid NOT NULL REFERENCES staff_members (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        closed_at timestamptz,
        decided_at timestamptz,
        archived_at timestamptz,
        CHECK (opens_at < closes_at),
        CHECK (notify_on IS NULL OR decision_on IS NULL OR notify_on >= decision_on),
        CHECK ((status = 'draft') = (published_at IS NULL) OR status = 'archived')
      )`);
    // The public list: calls that are not drafts, by deadline.
    await q.query(`CREATE INDEX calls_public_idx ON calls (closes_at, id) WHERE status IN ('published', 'closed', 'decided')`);
    await q.query(`CREATE INDEX calls_status_idx ON calls (status, closes_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calls`);
  }
}
