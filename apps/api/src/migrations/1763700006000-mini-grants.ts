import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Written out here (a migration never changes once landed): libs/domain vocabulary as of this migration. */
const CURRENCIES: [string, number, string][] = [
  ['KGS', 2, 'Kyrgyzstani som'],
  ['KZT', 2, 'Kazakhstani tenge'],
  ['TJS', 2, 'Tajikistani somoni'],
  ['UZS', 2, 'Uzbekistani sum'],
  ['RUB', 2, 'Russian ruble'],
  ['USD', 2, 'US dollar'],
  ['EUR', 2, 'Euro'],
];
const PURPOSES = ['security_equipment', 'legal_fees', 'medical_costs', 'relocation', 'psychosocial', 'livelihood', 'media_operations', 'fellowship_stipend', 'other'];
const GRANT_STATUSES = ['draft', 'submitted', 'needs_information', 'approved', 'rejected', 'disbursing', 'disbursed', 'reported', 'closed', 'withdrawn', 'cancelled'];
const TRANCHE_STATUSES = ['scheduled', 'sent', 'confirmed', 'failed', 'returned', 'cancelled'];
const METHODS = ['bank_transfer', 'cash_intermediary', 'mobile_money', 'paid_supplier'];
const EXCLUSIVE_BEFORE = ['caseworker', 'desk_lead', 'finance_officer', 'finance_approver', 'programme_manager'];
const EXCLUSIVE = [...EXCLUSIVE_BEFORE, 'director'];

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * Mini-grants (issue 14, docs/grants.md): currencies, funds and budget lines, grants with their
 * key envelopes, encrypted payee details, signed approvals and declared conflicts, tranches, the
 * append-only ledger, grantee reports and their encrypted files.
 *
 * Money is BIGINT minor units with a currency everywhere; exchange rates are NUMERIC (exact).
 * The database itself keeps the money honest:
 * - a budget line never commits past its allocation (`committed + disbursed ≤ allocated`), and a
 *   fund never allocates past its total nor commits past its allocation: the api reserves with a
 *   conditional UPDATE, and these CHECKs stop any path that forgets to;
 * - a grant never has more committed and paid than its amount;
 * - ledger entries are never changed or deleted: a trigger refuses it for every role, and the app
 *   role has neither UPDATE nor DELETE on the table. Corrections are reversals.
 * The director role joins the roles an admin never holds (SPEC.md §17.1).
 */
export class MiniGrants1763700006000 implements MigrationInterface {
  name = 'MiniGrants1763700006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_members DROP CONSTRAINT staff_members_admin_exclusive`);
    await q.query(`ALTER TABLE staff_members ADD CONSTRAINT staff_members_admin_exclusive CHECK (NOT ('admin' = ANY (roles) AND roles && '{${EXCLUSIVE.join(',')}}'::text[]))`);

    await q.query(`
      CREATE TABLE currencies (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
        exponent smallint NOT NULL CHECK (exponent BETWEEN 0 AND 4),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100)
      )`);
    for (const [code, exponent, name] of CURRENCIES) await q.query(`INSERT INTO currencies (code, exponent, name) VALUES ($1, $2, $3)`, [code, exponent, name]);

    await q.query(`
      CREATE TABLE funds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        donor text NOT NULL CHECK (length(donor) BETWEEN 1 AND 200),
        currency text NOT NULL REFERENCES currencies (code),
        total_minor bigint NOT NULL CHECK (total_minor > 0),
        allocated_minor bigint NOT NULL DEFAULT 0 CHECK (allocated_minor >= 0 AND allocated_minor <= total_minor),
        committed_minor bigint NOT NULL DEFAULT 0 CHECK (committed_minor >= 0),
        disbursed_minor bigint NOT NULL DEFAULT 0 CHECK (disbursed_minor >= 0),
        period_start date NOT NULL,
        period_end date NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
        approval_policy jsonb NOT NULL CHECK (jsonb_typeof(approval_policy) = 'object' AND length(approval_policy::text) <= 4000),
        created_by uuid NOT NULL REFERENCES staff_members (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_end >= period_start),
        CONSTRAINT funds_commitment_within_allocation CHECK (committed_minor + disbursed_minor <= allocated_minor)
      )`);

    await q.query(`
      CREATE TABLE budget_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fund_id uuid NOT NULL REFERENCES funds (id),
        purpose text NOT NULL CHECK (purpose IN (${list(PURPOSES)})),
        allocated_minor bigint NOT NULL CHECK (allocated_minor >= 0),
        committed_minor bigint NOT NULL DEFAULT 0 CHECK (committed_minor >= 0),
        disbursed_minor bigint NOT NULL DEFAULT 0 CHECK (disbursed_minor >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (fund_id, purpose),
        CONSTRAINT budget_lines_commitment_within_allocation CHECK (committed_minor + disbursed_minor <= allocated_minor)
      )`);

    await q.query(`
      CREATE TABLE grants (
        id uuid PRIMARY KEY,
        case_id uuid REFERENCES aid_cases (id) ON DELETE SET NULL,
        requester_id uuid REFERENCES requesters (id) ON DELETE SET NULL,
        fund_id uuid NOT NULL REFERENCES funds (id),
        budget_line_id uuid NOT NULL REFERENCES budget_lines (id),
        currency text NOT NULL REFERENCES currencies (code),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        purpose text NOT NULL CHECK (purpose IN (${list(PURPOSES)})),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN (${list(GRANT_STATUSES)})),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        proposer_id uuid NOT NULL REFERENCES staff_members (id),
        committed_minor bigint NOT NULL DEFAULT 0 CHECK (committed_minor >= 0),
        disbursed_minor bigint NOT NULL DEFAULT 0 CHECK (disbursed_minor >= 0),
        report_due_on date,
        approved_at timestamptz,
        finished_at timestamptz,
        payee_shredded_at timestamptz,
        -- What an approver or finance asked for with "more information" (no personal details; the audit log keeps names only).
        information_request text CHECK (length(information_request) <= 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT grants_paid_within_amount CHECK (committed_minor + disbursed_minor <= amount_minor)
      )`);
    await q.query(`CREATE INDEX grants_case_idx ON grants (case_id) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX grants_status_idx ON grants (status, updated_at)`);
    await q.query(`CREATE INDEX grants_fund_idx ON grants (fund_id, budget_line_id)`);

    await q.query(`
      CREATE TABLE grant_key_envelopes (
        grant_id uuid NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('desk', 'staff', 'requester')),
        recipient_id uuid,
        desk_key_version integer CHECK (desk_key_version >= 1),
        sealed_key text NOT NULL CHECK (length(sealed_key) <= 512 AND left(sealed_key, 3) = 's1.'),
        sealer_kid text NOT NULL CHECK (length(sealer_kid) = 22),
        signature text NOT NULL CHECK (length(signature) = 86),
        sealer_id uuid NOT NULL REFERENCES staff_members (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((recipient_kind = 'desk') = (desk_key_version IS NOT NULL)),
        CHECK ((recipient_kind = 'requester') = (recipient_id IS NULL)),
        UNIQUE NULLS NOT DISTINCT (grant_id, recipient_kind, recipient_id, desk_key_version)
      )`);

    await q.query(`
      CREATE TABLE grant_payees (
        grant_id uuid PRIMARY KEY REFERENCES grants (id) ON DELETE CASCADE,
        ciphertext text NOT NULL CHECK (length(ciphertext) <= 16384 AND left(ciphertext, 3) = 'a1.'),
        author_kind text NOT NULL CHECK (author_kind IN ('requester', 'staff')),
        author_id uuid NOT NULL,
        author_kid text NOT NULL CHECK (length(author_kid) = 22),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE grant_approvals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants (id),
        approver_id uuid NOT NULL REFERENCES staff_members (id),
        terms_version integer NOT NULL CHECK (terms_version >= 1),
        decision text NOT NULL CHECK (decision IN ('approve', 'reject')),
        by_director boolean NOT NULL,
        signature text NOT NULL CHECK (length(signature) = 86),
        signer_kid text NOT NULL CHECK (length(signer_kid) = 22),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (grant_id, approver_id, terms_version)
      )`);

    await q.query(`
      CREATE TABLE grant_conflicts (
        grant_id uuid NOT NULL REFERENCES grants (id),
        staff_id uuid NOT NULL REFERENCES staff_members (id),
        declared_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (grant_id, staff_id)
      )`);

    await q.query(`
      CREATE TABLE grant_tranches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants (id),
        seq integer NOT NULL CHECK (seq >= 1),
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN (${list(TRANCHE_STATUSES)})),
        method text NOT NULL CHECK (method IN (${list(METHODS)})),
        planned_minor bigint NOT NULL CHECK (planned_minor > 0),
        scheduled_on date NOT NULL,
        paid_minor bigint CHECK (paid_minor > 0),
        paid_currency text REFERENCES currencies (code),
        rate numeric(24, 12) CHECK (rate > 0),
        rate_source text CHECK (length(rate_source) BETWEEN 1 AND 200),
        rate_at timestamptz,
        fund_equivalent_minor bigint CHECK (fund_equivalent_minor > 0),
        sent_at timestamptz,
        settled_at timestamptz,
        created_by uuid NOT NULL REFERENCES staff_members (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (grant_id, seq),
        CONSTRAINT grant_tranches_sent_facts CHECK (
          (status IN ('scheduled', 'cancelled')) =
          (paid_minor IS NULL AND paid_currency IS NULL AND rate IS NULL AND rate_source IS NULL AND rate_at IS NULL AND fund_equivalent_minor IS NULL AND sent_at IS NULL))
      )`);

    await q.query(`
      CREATE TABLE ledger_entries (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL CHECK (kind IN ('commit', 'release', 'payment', 'reversal')),
        fund_id uuid NOT NULL REFERENCES funds (id),
        budget_line_id uuid NOT NULL REFERENCES budget_lines (id),
        grant_id uuid NOT NULL REFERENCES grants (id),
        tranche_id uuid REFERENCES grant_tranches (id),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL REFERENCES currencies (code),
        paid_minor bigint CHECK (paid_minor > 0),
        paid_currency text REFERENCES currencies (code),
        rate numeric(24, 12) CHECK (rate > 0),
        reverses_seq bigint UNIQUE REFERENCES ledger_entries (seq),
        actor_id uuid REFERENCES staff_members (id),
        CHECK ((kind = 'reversal') = (reverses_seq IS NOT NULL)),
        CHECK ((kind = 'payment') = (paid_minor IS NOT NULL AND paid_currency IS NOT NULL AND rate IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ledger_entries_fund_idx ON ledger_entries (fund_id, at, seq)`);
    await q.query(`CREATE INDEX ledger_entries_grant_idx ON ledger_entries (grant_id, seq)`);
    await q.query(`
      CREATE FUNCTION ledger_entries_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger entries are never changed or deleted; record a reversal instead' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_entries_immutable()`);
    await q.query(`CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_immutable()`);
    await q.query(`
      DO $$
      DECLARE app text := 'ashar_app';
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries FROM %I', app);
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON currencies FROM %I', app);
        END IF;
      END $$`);

    await q.query(`
      CREATE TABLE grant_reports (
        id uuid PRIMARY KEY,
        grant_id uuid NOT NULL REFERENCES grants (id),
        status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'more_requested')),
        ciphertext text CHECK (length(ciphertext) <= 65536 AND left(ciphertext, 3) = 'a1.'),
        author_kind text NOT NULL CHECK (author_kind IN ('requester', 'staff')),
        author_id uuid NOT NULL,
        author_kid text NOT NULL CHECK (length(author_kid) = 22),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decided_by uuid REFERENCES staff_members (id),
        CHECK ((status = 'submitted') = (decided_at IS NULL))
      )`);
    await q.query(`CREATE INDEX grant_reports_grant_idx ON grant_reports (grant_id, submitted_at)`);

    // Receipts and photos of a report: as case_files, but under the grant key (SPEC.md §18).
    await q.query(`
      CREATE TABLE grant_files (
        id uuid PRIMARY KEY,
        grant_id uuid NOT NULL REFERENCES grants (id),
        report_id uuid NOT NULL REFERENCES grant_reports (id),
        uploader_kind text NOT NULL CHECK (uploader_kind IN ('staff', 'requester')),
        uploader_id uuid NOT NULL,
        header text NOT NULL CHECK (length(header) = 58 AND left(header, 3) = 'x1.'),
        meta text NOT NULL CHECK (length(meta) BETWEEN 400 AND 1500 AND left(meta, 3) = 'a1.'),
        wrapped_key text NOT NULL CHECK (length(wrapped_key) = 123 AND left(wrapped_key, 3) = 'a1.'),
        encrypted_size bigint NOT NULL CHECK (encrypted_size >= 17),
        chunk_count integer NOT NULL CHECK (chunk_count >= 1),
        received_chunks integer NOT NULL DEFAULT 0 CHECK (received_chunks BETWEEN 0 AND chunk_count),
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CHECK (completed_at IS NULL OR received_chunks = chunk_count)
      )`);
    await q.query(`CREATE INDEX grant_files_report_idx ON grant_files (report_id, created_at, id)`);
    await q.query(`
      CREATE TABLE grant_file_chunks (
        file_id uuid NOT NULL REFERENCES grant_files (id) ON DELETE CASCADE,
        index integer NOT NULL CHECK (index >= 0),
        blob_key text NOT NULL CHECK (length(blob_key) <= 512),
        size integer NOT NULL CHECK (size BETWEEN 17 AND 65553),
        digest bytea NOT NULL CHECK (length(digest) = 32),
        PRIMARY KEY (file_id, index)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['grant_file_chunks', 'grant_files', 'grant_reports']) await q.query(`DROP TABLE ${table}`);
    await q.query('DROP TABLE ledger_entries');
    await q.query('DROP FUNCTION ledger_entries_immutable()');
    for (const table of ['grant_tranches', 'grant_conflicts', 'grant_approvals', 'grant_payees', 'grant_key_envelopes', 'grants', 'budget_lines', 'funds', 'currencies']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE staff_members DROP CONSTRAINT staff_members_admin_exclusive`);
    await q.query(`UPDATE staff_members SET roles = array_remove(roles, 'director') WHERE 'director' = ANY (roles)`);
    await q.query(`ALTER TABLE staff_members ADD CONSTRAINT staff_members_admin_exclusive CHECK (NOT ('admin' = ANY (roles) AND roles && '{${EXCLUSIVE_BEFORE.join(',')}}'::text[]))`);
  }
}
