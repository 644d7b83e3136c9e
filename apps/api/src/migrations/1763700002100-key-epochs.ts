import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Key epochs (issue 13, finding 2 in part; libs/crypto SPEC.md §9.4). A re-seal after a desk key
 * rotation gives each open case a new case key and staff-only key (aid_cases.key_epoch, from the
 * staff-only keys migration, counts them); the new case key carries the previous one encrypted
 * under it, kept here, so whoever holds the newest key reads every older record while the older
 * keys open nothing written after. The staff-only key's link lives in case_staff_keys.link.
 */
export class KeyEpochs1763700002100 implements MigrationInterface {
  name = 'KeyEpochs1763700002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_key_links (
        case_id uuid NOT NULL REFERENCES aid_cases (id) ON DELETE CASCADE,
        epoch integer NOT NULL CHECK (epoch >= 2),
        link text NOT NULL CHECK (length(link) = 123 AND left(link, 3) = 'a1.'),
        created_by uuid NOT NULL REFERENCES staff_members (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, epoch)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE case_key_links');
  }
}
