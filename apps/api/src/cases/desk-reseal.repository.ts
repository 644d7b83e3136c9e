import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SHUT_CASE_STATUSES, type SqlWhere, sqlStatusList } from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';

/** One open case of a desk lacking an envelope for the desk's current version, with its newest older desk envelope. */
export interface ResealRow {
  case_id: string;
  created_at: Date;
  /** created_at with microseconds, as text: the keyset position. */
  cursor_time: string;
  desk_key_version: number;
  sealed_key: string;
  sealer_kind: 'staff' | 'requester';
  sealer_id: string;
  sealer_kid: string;
  signature: string;
  envelope_created_at: Date;
  requester_enc_pk: string | null;
  requester_sign_pk: string | null;
  request_id: string | null;
  request_ciphertext: string | null;
  request_author_kid: string | null;
  requester_sealed_key: string | null;
  requester_sealer_kid: string | null;
  requester_signature: string | null;
  key_epoch: number;
  staff_bind: string | null;
  staff_version: number | null;
  staff_sealed_key: string | null;
  staff_sealer_kind: 'staff' | 'requester' | null;
  staff_sealer_id: string | null;
  staff_sealer_kid: string | null;
  staff_signature: string | null;
  staff_created_at: Date | null;
}

/** An open case of the desk as a batch needs it: its newest epoch and whether that epoch has a staff-only key. */
export interface OpenCaseKeys {
  keyEpoch: number;
  hasStaffKey: boolean;
}

export interface NewDeskEnvelope {
  caseId: string;
  keyKind: 'case' | 'staff';
  epoch: number;
  sealedKey: string;
  sealerKid: string;
  signature: string;
}

/** Not closed and not purged: a case whose key members may still need. */
const NOT_SHUT = `cd.status NOT IN ${sqlStatusList(SHUT_CASE_STATUSES)}`;
const micros = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The queries of re-sealing a desk's cases after a key rotation: the desk's open cases (through
 * case_desks, in its (desk_id, created_at, case_id) order) that hold an envelope of an older version
 * of the desk key and none of the current one; and the batch insert of the new envelopes.
 */
@Injectable()
export class DeskResealRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `limit` rows after `after`, oldest case first. `where` is the ability's AidCase read condition on `c`, with placeholders from $1. */
  async page(deskId: string, version: number, where: SqlWhere, after: { time: string; id: string } | undefined, limit: number): Promise<ResealRow[]> {
    const params: unknown[] = [...where.params];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const desk = bind(deskId);
    const current = bind(version);
    const keyset = after ? `AND (cd.created_at, cd.case_id) > (${bind(after.time)}::timestamptz, ${bind(after.id)}::uuid)` : '';
    return this.dataSource.query(
      `SELECT cd.case_id, cd.created_at, ${micros('cd.created_at')} AS cursor_time,
              g.desk_key_version, g.sealed_key, g.sealer_kind, g.sealer_id, g.sealer_kid, g.signature, g.created_at AS envelope_created_at,
              r.enc_pk AS requester_enc_pk, r.sign_pk AS requester_sign_pk,
              q.id AS request_id, q.ciphertext AS request_ciphertext, q.author_kid AS request_author_kid,
              re.sealed_key AS requester_sealed_key, re.sealer_kid AS requester_sealer_kid, re.signature AS requester_signature,
              c.key_epoch, sk.bind AS staff_bind, se.desk_key_version AS staff_version, se.sealed_key AS staff_sealed_key, se.sealer_kind AS staff_sealer_kind,
              se.sealer_id AS staff_sealer_id, se.sealer_kid AS staff_sealer_kid, se.signature AS staff_signature, se.created_at AS staff_created_at
         FROM case_desks cd
         JOIN aid_cases c ON c.id = cd.case_id
         CROSS JOIN LATERAL (
           SELECT desk_key_version, sealed_key, sealer_kind, sealer_id, sealer_kid, signature, created_at
             FROM case_key_envelopes
            WHERE case_id = cd.case_id AND key_kind = 'case' AND epoch = c.key_epoch
              AND recipient_kind = 'desk' AND recipient_id = cd.desk_id AND desk_key_version < ${current}
            ORDER BY desk_key_version DESC LIMIT 1
         ) g
         LEFT JOIN case_staff_keys sk ON sk.case_id = cd.case_id AND sk.epoch = c.key_epoch
         LEFT JOIN LATERAL (
           SELECT desk_key_version, sealed_key, sealer_kind, sealer_id, sealer_kid, signature, created_at
             FROM case_key_envelopes
            WHERE case_id = cd.case_id AND key_kind = 'staff' AND epoch = c.key_epoch
              AND recipient_kind = 'desk' AND recipient_id = cd.desk_id AND desk_key_version < ${current}
            ORDER BY desk_key_version DESC LIMIT 1
         ) se ON true
         LEFT JOIN requesters r ON r.id = c.requester_id
         LEFT JOIN case_records q ON q.case_id = cd.case_id AND q.kind = 'request'
         LEFT JOIN LATERAL (
           SELECT sealed_key, sealer_kid, signature FROM case_key_envelopes
            WHERE case_id = cd.case_id AND recipient_kind = 'requester' AND sealer_kind = 'requester' AND key_kind = 'case' AND epoch = 1
            ORDER BY created_at, id LIMIT 1
         ) re ON true
        WHERE cd.desk_id = ${desk} AND ${NOT_SHUT}
          AND NOT EXISTS (SELECT 1 FROM case_key_envelopes n
                           WHERE n.case_id = cd.case_id AND n.key_kind = 'case' AND n.epoch = c.key_epoch AND n.recipient_kind = 'desk' AND n.recipient_id = cd.desk_id AND n.desk_key_version = ${current})
          ${keyset}
          AND ${where.sql}
        ORDER BY cd.created_at, cd.case_id
        LIMIT ${bind(limit)}`,
      params,
    );
  }

  /** How many cases `page` would list in all. */
  async count(deskId: string, version: number, where: SqlWhere): Promise<number> {
    const n = where.params.length;
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n
         FROM case_desks cd JOIN aid_cases c ON c.id = cd.case_id
        WHERE cd.desk_id = $${n + 1} AND ${NOT_SHUT}
          AND EXISTS (SELECT 1 FROM case_key_envelopes g
                       WHERE g.case_id = cd.case_id AND g.key_kind = 'case' AND g.epoch = c.key_epoch
                         AND g.recipient_kind = 'desk' AND g.recipient_id = cd.desk_id AND g.desk_key_version < $${n + 2})
          AND NOT EXISTS (SELECT 1 FROM case_key_envelopes g
                           WHERE g.case_id = cd.case_id AND g.key_kind = 'case' AND g.epoch = c.key_epoch AND g.recipient_kind = 'desk' AND g.recipient_id = cd.desk_id AND g.desk_key_version = $${n + 2})
          AND ${where.sql}`,
      [...where.params, deskId, version],
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * Which of `caseIds` are open cases of the desk the caller may read, locked against deletion
   * (a purge) until the commit. `where` as for `page`.
   */
  async openCasesOf(manager: EntityManager, deskId: string, caseIds: readonly string[], where: SqlWhere): Promise<Map<string, OpenCaseKeys>> {
    const n = where.params.length;
    const rows: { id: string; key_epoch: number; has_staff_key: boolean }[] = await manager.query(
      `SELECT c.id, c.key_epoch, EXISTS (SELECT 1 FROM case_staff_keys sk WHERE sk.case_id = c.id AND sk.epoch = c.key_epoch) AS has_staff_key
         FROM case_desks cd JOIN aid_cases c ON c.id = cd.case_id
        WHERE cd.desk_id = $${n + 1} AND cd.case_id = ANY($${n + 2}::uuid[]) AND ${NOT_SHUT} AND ${where.sql}
        FOR KEY SHARE OF c`,
      [...where.params, deskId, caseIds],
    );
    return new Map(rows.map((r) => [r.id, { keyEpoch: r.key_epoch, hasStaffKey: r.has_staff_key }]));
  }

  /**
   * Inserts the desk envelopes of `version` made by staff member `sealerId`; an envelope the case has
   * already (same kind and epoch) is left as it is. Returns the cases whose case key envelope was written.
   */
  async insertDeskEnvelopes(manager: EntityManager, deskId: string, version: number, sealerId: string, envelopes: readonly NewDeskEnvelope[]): Promise<string[]> {
    const rows: { case_id: string; key_kind: string }[] = await manager.query(
      `INSERT INTO case_key_envelopes (case_id, key_kind, epoch, recipient_kind, recipient_id, desk_key_version, sealed_key, sealer_kind, sealer_id, sealer_kid, signature)
       SELECT g.case_id, g.key_kind, g.epoch, 'desk', $1, $2, g.sealed_key, 'staff', $3, g.sealer_kid, g.signature
         FROM unnest($4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[]) AS g (case_id, key_kind, epoch, sealed_key, sealer_kid, signature)
       ON CONFLICT DO NOTHING
       RETURNING case_id, key_kind`,
      [
        deskId,
        version,
        sealerId,
        envelopes.map((g) => g.caseId),
        envelopes.map((g) => g.keyKind),
        envelopes.map((g) => g.epoch),
        envelopes.map((g) => g.sealedKey),
        envelopes.map((g) => g.sealerKid),
        envelopes.map((g) => g.signature),
      ],
    );
    return rows.filter((r) => r.key_kind === 'case').map((r) => r.case_id);
  }
}
