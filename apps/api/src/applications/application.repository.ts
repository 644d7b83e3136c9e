import { envelopeColumns, type NewSealedEnvelope } from '../database';
import { Injectable } from '@nestjs/common';
import { type ApplicantKind, type ApplicationStatus, type SqlColumnMap, type SqlWhere } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

/** An application's row: the facts kept in clear. */
export interface ApplicationRow {
  id: string;
  call_id: string;
  requester_id: string | null;
  applicant_kind: ApplicantKind;
  country: string;
  language: string;
  status: ApplicationStatus;
  version: number;
  created_at: Date;
  updated_at: Date;
  withdrawn_at: Date | null;
}

export interface VersionRow {
  version: number;
  ciphertext: string;
  author_kid: string;
  created_at: Date;
}

export interface EnvelopeRow {
  recipient_kind: 'desk' | 'requester';
  desk_id: string | null;
  desk_key_version: number | null;
  sealed_key: string;
  sealer_kid: string;
  signature: string;
  created_at: Date;
}

/** One envelope to write; `deskId` null: the applicant's own. */
export type NewEnvelope = NewSealedEnvelope;

/** The ability's FellowshipApplication fields as columns of `call_applications a` (ability-sql.ts). */
export const APPLICATION_COLUMNS: SqlColumnMap<'FellowshipApplication'> = { id: 'a.id', callId: 'a.call_id', requesterId: 'a.requester_id' };

/** The parameters listOfCall binds before the ability's: its `where` is made with this paramOffset. */
export const LIST_PARAMS = 6;

const FIELDS = `a.id, a.call_id, a.requester_id, a.applicant_kind, a.country, a.language, a.status, a.version, a.created_at, a.updated_at, a.withdrawn_at`;

/** Applications, their versions and envelopes. Every method runs on the caller's manager (inside its transaction). */
@Injectable()
export class ApplicationRepository {
  /** A requester account from the applicant's receipt keys (as intake makes one per case). */
  async createRequester(manager: EntityManager, keys: { signKid: string; encPk: string; signPk: string }): Promise<string> {
    const rows: { id: string }[] = await manager.query(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $3) RETURNING id`, [keys.signKid, keys.encPk, keys.signPk]);
    return rows[0]!.id;
  }

  async insert(
    manager: EntityManager,
    a: { id: string; callId: string; requesterId: string; applicantKind: ApplicantKind; country: string; language: string; digest: Buffer; at: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO call_applications (id, call_id, requester_id, applicant_kind, country, language, submit_digest, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [a.id, a.callId, a.requesterId, a.applicantKind, a.country, a.language, a.digest, a.at],
    );
  }

  /** A version's record and its envelopes. */
  async insertVersion(manager: EntityManager, applicationId: string, version: number, record: { ciphertext: string; authorKid: string }, envelopes: NewEnvelope[], at: Date): Promise<void> {
    await manager.query(`INSERT INTO call_application_versions (application_id, version, ciphertext, author_kid, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      applicationId,
      version,
      record.ciphertext,
      record.authorKid,
      at,
    ]);
    await manager.query(
      `INSERT INTO call_application_envelopes (application_id, version, recipient_kind, desk_id, desk_key_version, sealed_key, sealer_kid, signature, created_at)
       SELECT $1, $2, CASE WHEN g.desk_id IS NULL THEN 'requester' ELSE 'desk' END, g.desk_id, g.desk_key_version, g.sealed_key, g.sealer_kid, g.signature, $3
         FROM unnest($4::uuid[], $5::int[], $6::text[], $7::text[], $8::text[]) AS g(desk_id, desk_key_version, sealed_key, sealer_kid, signature)`,
      [
        applicationId,
        version,
        at,
        ...envelopeColumns(envelopes),
      ],
    );
  }

  /** True when application `id` exists and was submitted with this digest: a retry whose first answer was lost. */
  async stored(manager: EntityManager, id: string, digest: Buffer): Promise<boolean> {
    const rows: { stored: boolean }[] = await manager.query(`SELECT EXISTS (SELECT 1 FROM call_applications WHERE id = $1 AND submit_digest = $2) AS stored`, [id, digest]);
    return rows[0]?.stored === true;
  }

  /** The application the ability's condition `where` lets through among the requester's; locked FOR UPDATE when `lock`. */
  async findOfRequester(manager: EntityManager, requesterId: string, where: SqlWhere, lock = false): Promise<ApplicationRow | null> {
    const rows: ApplicationRow[] = await manager.query(`SELECT ${FIELDS} FROM call_applications a WHERE a.requester_id = $1 AND (${where.sql})${lock ? ' FOR UPDATE' : ''}`, [
      requesterId,
      ...where.params,
    ]);
    return rows[0] ?? null;
  }

  /** Application `id` if the ability's condition `where` lets it through. */
  async find(manager: EntityManager, id: string, where: SqlWhere): Promise<ApplicationRow | null> {
    const rows: ApplicationRow[] = await manager.query(`SELECT ${FIELDS} FROM call_applications a WHERE a.id = $1 AND (${where.sql})`, [id, ...where.params]);
    return rows[0] ?? null;
  }

  /** Whether the person declared a conflict of interest on the application (docs/calls.md "The review api"). */
  async conflicted(manager: EntityManager, id: string, personId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM call_review_conflicts WHERE application_id = $1 AND person_id = $2`, [id, personId]);
    return rows.length > 0;
  }

  async setVersion(manager: EntityManager, id: string, version: number, at: Date): Promise<void> {
    await manager.query(`UPDATE call_applications SET version = $2, updated_at = $3 WHERE id = $1`, [id, version, at]);
  }

  async withdraw(manager: EntityManager, id: string, at: Date): Promise<ApplicationRow> {
    // In a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    const rows: ApplicationRow[] = await manager.query(
      `WITH a AS (UPDATE call_applications SET status = 'withdrawn', withdrawn_at = $2, updated_at = $2 WHERE id = $1 RETURNING *) SELECT ${FIELDS} FROM a`,
      [id, at],
    );
    return rows[0]!;
  }

  async callExists(manager: EntityManager, callId: string): Promise<boolean> {
    const rows: { found: boolean }[] = await manager.query(`SELECT EXISTS (SELECT 1 FROM calls WHERE id = $1) AS found`, [callId]);
    return rows[0]?.found === true;
  }

  /**
   * A page of a call's applications, oldest first, filtered in SQL by the ability's condition
   * `where` (made with paramOffset LIST_PARAMS) and the query's facts; `after` is the last id of the previous page.
   */
  async listOfCall(
    manager: EntityManager,
    callId: string,
    filter: { status?: ApplicationStatus; country?: string; applicantKind?: ApplicantKind; after?: string; limit: number },
    where: SqlWhere,
  ): Promise<ApplicationRow[]> {
    return manager.query(
      `SELECT ${FIELDS} FROM call_applications a
        WHERE a.call_id = $1
          AND ($2::text IS NULL OR a.status = $2)
          AND ($3::text IS NULL OR a.country = $3)
          AND ($4::text IS NULL OR a.applicant_kind = $4)
          AND ($5::uuid IS NULL OR (a.created_at, a.id) > (SELECT p.created_at, p.id FROM call_applications p WHERE p.id = $5 AND p.call_id = $1))
          AND (${where.sql})
        ORDER BY a.created_at, a.id
        LIMIT $6`,
      [callId, filter.status ?? null, filter.country ?? null, filter.applicantKind ?? null, filter.after ?? null, filter.limit, ...where.params],
    );
  }

  async versions(manager: EntityManager, id: string): Promise<{ version: number; created_at: Date }[]> {
    return manager.query(`SELECT version, created_at FROM call_application_versions WHERE application_id = $1 ORDER BY version`, [id]);
  }

  async version(manager: EntityManager, id: string, version: number): Promise<VersionRow | null> {
    const rows: VersionRow[] = await manager.query(`SELECT version, ciphertext, author_kid, created_at FROM call_application_versions WHERE application_id = $1 AND version = $2`, [id, version]);
    return rows[0] ?? null;
  }

  /** The applicant's own envelope of a version. */
  async requesterEnvelope(manager: EntityManager, id: string, version: number): Promise<EnvelopeRow | null> {
    const rows: EnvelopeRow[] = await manager.query(
      `SELECT recipient_kind, desk_id, desk_key_version, sealed_key, sealer_kid, signature, created_at
         FROM call_application_envelopes WHERE application_id = $1 AND version = $2 AND recipient_kind = 'requester'`,
      [id, version],
    );
    return rows[0] ?? null;
  }

  /** A version's envelopes to the desk key versions `staffId` holds an envelope of (desk_key_envelopes). */
  async deskEnvelopesFor(manager: EntityManager, id: string, version: number, staffId: string): Promise<EnvelopeRow[]> {
    return manager.query(
      `SELECT e.recipient_kind, e.desk_id, e.desk_key_version, e.sealed_key, e.sealer_kid, e.signature, e.created_at
         FROM call_application_envelopes e
         JOIN desk_key_envelopes k ON k.desk_id = e.desk_id AND k.version = e.desk_key_version AND k.staff_id = $3
        WHERE e.application_id = $1 AND e.version = $2 AND e.recipient_kind = 'desk'
        ORDER BY e.desk_key_version DESC`,
      [id, version, staffId],
    );
  }

  async applicantKeys(manager: EntityManager, requesterId: string): Promise<{ enc_pk: string; sign_pk: string } | null> {
    const rows: { enc_pk: string; sign_pk: string }[] = await manager.query(`SELECT enc_pk, sign_pk FROM requesters WHERE id = $1`, [requesterId]);
    return rows[0] ?? null;
  }

  /** The id of the desk with this slug. */
  async deskIdOf(manager: EntityManager, slug: string): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM desks WHERE slug = $1`, [slug]);
    return rows[0]?.id ?? null;
  }
}
