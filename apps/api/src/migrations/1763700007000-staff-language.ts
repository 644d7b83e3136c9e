import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The console language of each member of staff (issue 15, docs/staff-console.md "Languages"):
 * the console opens in it once they are signed in, and their notification e-mails are written
 * in it. English unless they choose otherwise; the CHECK lists libs/domain STAFF_UI_LANGUAGES
 * as they were when this migration landed (a new console language is a new migration).
 */
export class StaffLanguage1763700007000 implements MigrationInterface {
  name = 'StaffLanguage1763700007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_members ADD COLUMN language text NOT NULL DEFAULT 'en' CONSTRAINT staff_members_language_check CHECK (language IN ('en', 'ru'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_members DROP COLUMN language`);
  }
}
