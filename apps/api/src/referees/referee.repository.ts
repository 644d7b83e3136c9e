import { envelopeColumns, type NewSealedEnvelope } from '../database';
import { Injectable } from '@nestjs/common';
import { type ApplicationStatus, type SqlColumnMap, type SqlWhere } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

/** The application a referee belongs to, as far as referees need it. */
export interface ApplicationOfReferees {
  id: string;
  call_id: string;
  requester_id: string | null;
  status: ApplicationStatus;
}

/** A referee slot's row: what is kept in clear, and the applicant's details record. */
export interface RefereeRow {
  id: string;
  application_id: string;
  status: 'invited' | 'letter_received' | 'revoked';
  details: string;
  details_author_kid: string;
  created_at: Date;
  expires_at: Date;
  letter_at: Date | null;
  revoked_at: Date | null;
}

/** A slot found by its link's token, with its application's call and status. */
export interface LinkRow extends RefereeRow {
  call_id: string;
  application_status: ApplicationStatus;
}

export interface RefereeEnvelopeRow {
  referee_id: string;
  recipient_kind: 'desk' | 'requester';
  desk_id: string | null;
  desk_key_version: number | null;
  sealed_key: string;
  sealer_kid: string;
  signature: string;
  created_at: Date;
}

export interface LetterRow {
  referee_id: string;
  id: string;
  ciphertext: string;
  author_kid: string;
  sign_pk: string;
  created_at: Date;
}

/** One envelope to write; `deskId` null: the applicant's own (details only). */
export type NewRefereeEnvelope = NewSealedEnvelope;

/** The ability's FellowshipApplication fields as columns of `call_applications a` (ability-sql.ts). */
export const APPLICATION_COLUMNS: SqlColumnMap<'FellowshipApplication'> = { id: 'a.id', callId: 'a.call_id', requesterId: 'a.requester_id' };

const FIELDS = `r.id, r.application_id, r.status, r.details, r.details_author_kid, r.created_at, r.expires_at, r.letter_at, r.revoked_at`;
const ENVELOPE_FIELDS = `e.referee_id, e.recipient_kind, e.desk_id, e.desk_key_version, e.sealed_key, e.sealer_kid, e.signature, e.created_at`;

/** Referee slots, letters and their envelopes. Every method runs on the caller's manager (inside its transaction). */
@Injectable()
export class RefereeRepository {
  /** The requester's application the ability's condition `where` (made with paramOffset 1) lets through; FOR UPDATE when `lock`. */
  async applicationOfRequester(manager: EntityManager, requesterId: string, where: SqlWhere, lock: boolean): Promise<ApplicationOfReferees | null> {
    const rows: ApplicationOfReferees[] = await manager.query(
      `SELECT a.id, a.call_id, a.requester_id, a.status FROM call_applications a WHERE a.requester_id = $1 AND (${where.sql})${lock ? ' FOR UPDATE' : ''}`,
      [requesterId, ...where.params],
    );
    return rows[0] ?? null;
  }

  /** Application `id` if the ability's condition `where` (made with paramOffset 1) lets it through. */
  async application(manager: EntityManager, id: string, where: SqlWhere): Promise<ApplicationOfReferees | null> {
    const rows: ApplicationOfReferees[] = await manager.query(`SELECT a.id, a.call_id, a.requester_id, a.status FROM call_applications a WHERE a.id = $1 AND (${where.sql})`, [
      id,
      ...where.params,
    ]);
    return rows[0] ?? null;
  }

  async applicantKeys(manager: EntityManager, requesterId: string): Promise<{ enc_pk: string; sign_pk: string } | null> {
    const rows: { enc_pk: string; sign_pk: string }[] = await manager.query(`SELECT enc_pk, sign_pk FROM requesters WHERE id = $1`, [requesterId]);
    return rows[0] ?? null;
  }

  /** The call's decision date (`YYYY-MM-DD` or null) and its zone. */
  async callDates(manager: EntityManager, callId: string): Promise<{ decision_on: string | null; time_zone: string } | null> {
    const rows: { decision_on: string | null; time_zone: string }[] = await manager.query(
      `SELECT to_char(decision_on, 'YYYY-MM-DD') AS decision_on, time_zone FROM calls WHERE id = $1`,
      [callId],
    );
    return rows[0] ?? null;
  }

  /** How many slots of the application are not revoked (expired ones count until revoked). */
  async countActive(manager: EntityManager, applicationId: string): Promise<number> {
    const rows: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM call_referees WHERE application_id = $1 AND status <> 'revoked'`, [applicationId]);
    return rows[0]?.n ?? 0;
  }

  async insert(
    manager: EntityManager,
    r: { id: string; applicationId: string; tokenHash: Buffer; details: { ciphertext: string; authorKid: string }; at: Date; expiresAt: Date },
    envelopes: NewRefereeEnvelope[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO call_referees (id, application_id, token_hash, details, details_author_kid, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.id, r.applicationId, r.tokenHash, r.details.ciphertext, r.details.authorKid, r.at, r.expiresAt],
    );
    await this.insertEnvelopes(manager, r.id, 'details', envelopes, r.at);
  }

  /** The application's slots, oldest first. */
  async ofApplication(manager: EntityManager, applicationId: string): Promise<RefereeRow[]> {
    return manager.query(`SELECT ${FIELDS} FROM call_referees r WHERE r.application_id = $1 ORDER BY r.created_at, r.id`, [applicationId]);
  }

  /** Slot `id` of application `applicationId`, FOR UPDATE. */
  async ofApplicationForUpdate(manager: EntityManager, applicationId: string, id: string): Promise<RefereeRow | null> {
    const rows: RefereeRow[] = await manager.query(`SELECT ${FIELDS} FROM call_referees r WHERE r.id = $1 AND r.application_id = $2 FOR UPDATE`, [id, applicationId]);
    return rows[0] ?? null;
  }

  /** The slot whose link's token hashes to `tokenHash`; FOR UPDATE of the slot when `lock`. */
  async byToken(manager: EntityManager, tokenHash: Buffer, lock: boolean): Promise<LinkRow | null> {
    const rows: LinkRow[] = await manager.query(
      `SELECT ${FIELDS}, a.call_id, a.status AS application_status
         FROM call_referees r JOIN call_applications a ON a.id = r.application_id
        WHERE r.token_hash = $1${lock ? ' FOR UPDATE OF r' : ''}`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Slot `id` if its application passes the ability's condition `where` (made with paramOffset 1). */
  async find(manager: EntityManager, id: string, where: SqlWhere): Promise<RefereeRow | null> {
    const rows: RefereeRow[] = await manager.query(
      `SELECT ${FIELDS} FROM call_referees r JOIN call_applications a ON a.id = r.application_id WHERE r.id = $1 AND (${where.sql})`,
      [id, ...where.params],
    );
    return rows[0] ?? null;
  }

  async revoke(manager: EntityManager, id: string, at: Date): Promise<RefereeRow> {
    // In a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    const rows: RefereeRow[] = await manager.query(
      `WITH r AS (UPDATE call_referees SET status = 'revoked', revoked_at = $2 WHERE id = $1 RETURNING *) SELECT ${FIELDS} FROM r`,
      [id, at],
    );
    return rows[0]!;
  }

  async insertLetter(manager: EntityManager, l: { refereeId: string; id: string; ciphertext: string; authorKid: string; signPk: string; at: Date }, envelope: NewRefereeEnvelope): Promise<void> {
    await manager.query(`INSERT INTO call_referee_letters (referee_id, id, ciphertext, author_kid, sign_pk, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      l.refereeId,
      l.id,
      l.ciphertext,
      l.authorKid,
      l.signPk,
      l.at,
    ]);
    await this.insertEnvelopes(manager, l.refereeId, 'letter', [envelope], l.at);
    await manager.query(`UPDATE call_referees SET status = 'letter_received', letter_at = $2 WHERE id = $1`, [l.refereeId, l.at]);
  }

  async letter(manager: EntityManager, refereeId: string): Promise<LetterRow | null> {
    const rows: LetterRow[] = await manager.query(`SELECT referee_id, id, ciphertext, author_kid, sign_pk, created_at FROM call_referee_letters WHERE referee_id = $1`, [refereeId]);
    return rows[0] ?? null;
  }

  /** The letters' ids of these slots. */
  async letterIds(manager: EntityManager, refereeIds: string[]): Promise<Map<string, string>> {
    const rows: { referee_id: string; id: string }[] = await manager.query(`SELECT referee_id, id FROM call_referee_letters WHERE referee_id = ANY($1::uuid[])`, [refereeIds]);
    return new Map(rows.map((r) => [r.referee_id, r.id]));
  }

  /** The applicant's own envelopes of these slots' details. */
  async requesterEnvelopes(manager: EntityManager, refereeIds: string[]): Promise<RefereeEnvelopeRow[]> {
    return manager.query(`SELECT ${ENVELOPE_FIELDS} FROM call_referee_envelopes e WHERE e.referee_id = ANY($1::uuid[]) AND e.sealed_for = 'details' AND e.recipient_kind = 'requester'`, [
      refereeIds,
    ]);
  }

  /** The envelopes of these slots' details (or letters) to the desk key versions `staffId` holds an envelope of (desk_key_envelopes). */
  async deskEnvelopesFor(manager: EntityManager, refereeIds: string[], sealedFor: 'details' | 'letter', staffId: string): Promise<RefereeEnvelopeRow[]> {
    return manager.query(
      `SELECT ${ENVELOPE_FIELDS}
         FROM call_referee_envelopes e
         JOIN desk_key_envelopes k ON k.desk_id = e.desk_id AND k.version = e.desk_key_version AND k.staff_id = $3
        WHERE e.referee_id = ANY($1::uuid[]) AND e.sealed_for = $2 AND e.recipient_kind = 'desk'
        ORDER BY e.desk_key_version DESC`,
      [refereeIds, sealedFor, staffId],
    );
  }

  /** The id of the desk with this slug. */
  async deskIdOf(manager: EntityManager, slug: string): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM desks WHERE slug = $1`, [slug]);
    return rows[0]?.id ?? null;
  }

  private async insertEnvelopes(manager: EntityManager, refereeId: string, sealedFor: 'details' | 'letter', envelopes: NewRefereeEnvelope[], at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO call_referee_envelopes (referee_id, sealed_for, recipient_kind, desk_id, desk_key_version, sealed_key, sealer_kid, signature, created_at)
       SELECT $1, $2, CASE WHEN g.desk_id IS NULL THEN 'requester' ELSE 'desk' END, g.desk_id, g.desk_key_version, g.sealed_key, g.sealer_kid, g.signature, $3
         FROM unnest($4::uuid[], $5::int[], $6::text[], $7::text[], $8::text[]) AS g(desk_id, desk_key_version, sealed_key, sealer_kid, signature)`,
      [
        refereeId,
        sealedFor,
        at,
        ...envelopeColumns(envelopes),
      ],
    );
  }
}
