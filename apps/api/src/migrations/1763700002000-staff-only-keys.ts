import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Staff-only keys and files bound to their record kind (issue 13, finding 4; libs/crypto SPEC.md
 * §9.2-§9.3), with the case key epoch every key, record and file is under (all 1 until the
 * epochs of finding 2 arrive).
 *
 * - `aid_cases.key_epoch`: the case's newest epoch, which writers must use.
 * - `case_key_envelopes.key_kind`: `case` (the case key) or `staff` (the staff-only key, never to
 *   the requester); `epoch`: which epoch's key. One envelope per (case, kind, epoch, recipient).
 * - `case_staff_keys`: one staff-only key per case and epoch, made by a member of staff, with the
 *   epoch's case key encrypted under it (`bind`, purpose staff-key-bind) and, from epoch 2, the
 *   previous epoch's staff-only key under it (`link`, filled by the epochs migration's code).
 * - `case_records.key_kind`: what a record is under. Notes written from now on are under the
 *   staff-only key (`staff`); notes written before stay `case` (under the case key) and are read so.
 * - `case_files.format`: 1 for files stored before (wrapped key and metadata bound to case and
 *   file only, under the case key), 2 from now on (bound to the record kind too, a note's file under
 *   the staff-only key); `epoch` as for records.
 */
export class StaffOnlyKeys1763700002000 implements MigrationInterface {
  name = 'StaffOnlyKeys1763700002000';

  async up(q: QueryRunner): Promise<void> {
    // The case's newest key epoch: new records and files go under its keys (1 until a re-seal makes the next).
    await q.query(`ALTER TABLE aid_cases ADD COLUMN key_epoch integer NOT NULL DEFAULT 1 CHECK (key_epoch >= 1)`);
    await q.query(`
      ALTER TABLE case_key_envelopes
        ADD COLUMN key_kind text NOT NULL DEFAULT 'case' CHECK (key_kind IN ('case', 'staff')),
        ADD COLUMN epoch integer NOT NULL DEFAULT 1 CHECK (epoch >= 1),
        ADD CONSTRAINT case_key_envelopes_staff_key_not_to_requester CHECK (key_kind = 'case' OR recipient_kind <> 'requester')`);
    // The one-envelope-per-recipient rule now counts per kind and epoch.
    const unique: { conname: string }[] = await q.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'case_key_envelopes'::regclass AND contype = 'u'`,
    );
    for (const { conname } of unique) await q.query(`ALTER TABLE case_key_envelopes DROP CONSTRAINT "${conname.replace(/"/g, '""')}"`);
    await q.query(`
      ALTER TABLE case_key_envelopes ADD CONSTRAINT case_key_envelopes_one_per_recipient
        UNIQUE NULLS NOT DISTINCT (case_id, key_kind, epoch, recipient_kind, recipient_id, desk_key_version)`);

    await q.query(`
      CREATE TABLE case_staff_keys (
        case_id uuid NOT NULL REFERENCES aid_cases (id) ON DELETE CASCADE,
        epoch integer NOT NULL CHECK (epoch >= 1),
        bind text NOT NULL CHECK (length(bind) = 123 AND left(bind, 3) = 'a1.'),
        link text CHECK (length(link) = 123 AND left(link, 3) = 'a1.'),
        created_by uuid NOT NULL REFERENCES staff_members (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, epoch)
      )`);

    await q.query(`
      ALTER TABLE case_records
        ADD COLUMN key_kind text NOT NULL DEFAULT 'case' CHECK (key_kind IN ('case', 'staff')),
        ADD COLUMN epoch integer NOT NULL DEFAULT 1 CHECK (epoch >= 1),
        ADD CONSTRAINT case_records_staff_key_for_notes CHECK (key_kind = 'case' OR kind = 'note')`);

    await q.query(`
      ALTER TABLE case_files
        ADD COLUMN format smallint NOT NULL DEFAULT 1 CHECK (format IN (1, 2)),
        ADD COLUMN epoch integer NOT NULL DEFAULT 1 CHECK (epoch >= 1),
        ADD CONSTRAINT case_files_format_1_epoch_1 CHECK (format = 2 OR epoch = 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE case_files DROP CONSTRAINT case_files_format_1_epoch_1, DROP COLUMN epoch, DROP COLUMN format');
    await q.query('ALTER TABLE case_records DROP CONSTRAINT case_records_staff_key_for_notes, DROP COLUMN epoch, DROP COLUMN key_kind');
    await q.query('DROP TABLE case_staff_keys');
    await q.query(`DELETE FROM case_key_envelopes WHERE key_kind <> 'case' OR epoch <> 1`);
    await q.query('ALTER TABLE aid_cases DROP COLUMN key_epoch');
    await q.query('ALTER TABLE case_key_envelopes DROP CONSTRAINT case_key_envelopes_one_per_recipient');
    await q.query('ALTER TABLE case_key_envelopes DROP CONSTRAINT case_key_envelopes_staff_key_not_to_requester, DROP COLUMN epoch, DROP COLUMN key_kind');
    await q.query(`
      ALTER TABLE case_key_envelopes ADD CONSTRAINT case_key_envelopes_case_id_recipient_kind_recipient_id_desk_key_version_key
        UNIQUE NULLS NOT DISTINCT (case_id, recipient_kind, recipient_id, desk_key_version)`);
  }
}
