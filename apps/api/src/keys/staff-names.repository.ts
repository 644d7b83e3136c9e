import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Whose name a requester may see (SPEC.md §17.5): the staff who wrote to their case or sealed its key. */
@Injectable()
export class StaffNamesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Whether the staff member wrote a record the requester reads (not a note) on, or sealed a case key
   * envelope of, the requester's case (a staff-only key's envelope, SPEC.md §9.2, is no word to the requester).
   */
  async knownToRequester(staffId: string, requesterId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM aid_cases c
        WHERE c.requester_id = $2
          AND (EXISTS (SELECT 1 FROM case_records r WHERE r.case_id = c.id AND r.author_kind = 'staff' AND r.author_id = $1 AND r.kind <> 'note')
               OR EXISTS (SELECT 1 FROM case_key_envelopes e WHERE e.case_id = c.id AND e.key_kind = 'case' AND e.sealer_kind = 'staff' AND e.sealer_id = $1))
        LIMIT 1`,
      [staffId, requesterId],
    );
    return rows.length > 0;
  }
}
