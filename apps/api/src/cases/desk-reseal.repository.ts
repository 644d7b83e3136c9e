import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SHUT_CASE_STATUSES, type SqlWhere, sqlStatusList } from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type KeyKind } from './case-content.repository';

/** A desk envelope of a case (to an older version of the desk), as the re-seal list carries it. */
export interface StoredDeskEnvelope {
  version: number;
  sealed_key: string;
  sealer_kind: 'staff' | 'requester';
  sealer_id: string;
  sealer_kid: string;
  signature: string;
  created_at: string;
}

/**
 * One open case of a desk whose newest key epoch lacks an envelope for the desk's current version,
 * with what the lead's browser needs to check its keys and give it its next epoch.
 */
export interface ResealRow {
  case_id: string;
  created_at: Date;
  /** created_at with microseconds, as text: the keyset position. */
  cursor_time: string;
  key_epoch: number;
  owner_desk_id: string;
  collaborator_desk_ids: string[];
  /** The case key envelope of key_epoch to the newest older version of this desk (JSON). */
  envelope: StoredDeskEnvelope;
  staff_bind: string | null;
  staff_envelope: StoredDeskEnvelope | null;
  links: { epoch: number; link: string }[];
  requester_enc_pk: string | null;
  requester_sign_pk: string | null;
  request_id: string | null;
  request_ciphertext: string | null;
  request_author_kid: string | null;
  requester_sealed_key: string | null;
  requester_sealer_kid: string | null;
  requester_signature: string | null;
}

/** An open case of the desk as a batch needs it, locked until the commit. */
export interface OpenCaseKeys {
  keyEpoch: number;
  holdingDeskIds: string[];
  requesterEncPk: string | null;
  hasStaffKey: boolean;
  /** The case already has a case key envelope of its newest epoch for the desk's current version. */
  resealed: boolean;
}

export interface NewEnvelopeRow {
  caseId: string;
  keyKind: KeyKind;
  epoch: number;
  recipientKind: 'desk' | 'requester';
  /** A desk id, or the case's requester id. */
  recipientId: string;
  deskKeyVersion: number | null;
  sealedKey: string;
  sealerKid: string;
  signature: string;
}

/** Not closed and not purged: a case whose key members may still need. */
const NOT_SHUT = `cd.status NOT IN ${sqlStatusList(SHUT_CASE_STATUSES)}`;
const micros = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** A desk envelope of `kind` and the case's newest epoch to an older version of the desk, newest version first, as JSON. */
const olderDeskEnvelope = (kind: KeyKind, current: string) => `(
  SELECT json_build_object('version', desk_key_version, 'sealed_key', sealed_key, 'sealer_kind', sealer_kind, 'sealer_id', sealer_id,
                           'sealer_kid', sealer_kid, 'signature', signature, 'created_at', ${micros('created_at')})
    FROM case_key_envelopes
   WHERE case_id = cd.case_id AND key_kind = '${kind}' AND epoch = c.key_epoch
     AND recipient_kind = 'desk' AND recipient_id = cd.desk_id AND desk_key_version < ${current}
   ORDER BY desk_key_version DESC LIMIT 1)`;

/**
 * The queries of re-sealing a desk's cases after a key rotation (SPEC.md §9.4): the desk's open
 * cases (through case_desks, in its (desk_id, created_at, case_id) order) whose newest key epoch
 * has an envelope to an older version of the desk key and none to the current one; and the
 * writing of each case's next epoch.
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
      `SELECT cd.case_id, cd.created_at, ${micros('cd.created_at')} AS cursor_time, c.key_epoch, c.owner_desk_id, c.collaborator_desk_ids,
              ${olderDeskEnvelope('case', current)} AS envelope,
              sk.bind AS staff_bind, ${olderDeskEnvelope('staff', current)} AS staff_envelope,
              COALESCE((SELECT json_agg(json_build_object('epoch', l.epoch, 'link', l.link) ORDER BY l.epoch) FROM case_key_links l WHERE l.case_id = cd.case_id), '[]') AS links,
              r.enc_pk AS requester_enc_pk, r.sign_pk AS requester_sign_pk,
              q.id AS request_id, q.ciphertext AS request_ciphertext, q.author_kid AS request_author_kid,
              re.sealed_key AS requester_sealed_key, re.sealer_kid AS requester_sealer_kid, re.signature AS requester_signature
         FROM case_desks cd
         JOIN aid_cases c ON c.id = cd.case_id
         LEFT JOIN case_staff_keys sk ON sk.case_id = cd.case_id AND sk.epoch = c.key_epoch
         LEFT JOIN requesters r ON r.id = c.requester_id
         LEFT JOIN case_records q ON q.case_id = cd.case_id AND q.kind = 'request'
         LEFT JOIN LATERAL (
           SELECT sealed_key, sealer_kid, signature FROM case_key_envelopes
            WHERE case_id = cd.case_id AND recipient_kind = 'requester' AND sealer_kind = 'requester' AND key_kind = 'case' AND epoch = 1
            ORDER BY created_at, id LIMIT 1
         ) re ON true
        WHERE cd.desk_id = ${desk} AND ${NOT_SHUT}
          AND EXISTS (SELECT 1 FROM case_key_envelopes g
                       WHERE g.case_id = cd.case_id AND g.key_kind = 'case' AND g.epoch = c.key_epoch
                         AND g.recipient_kind = 'desk' AND g.recipient_id = cd.desk_id AND g.desk_key_version < ${current})
          AND NOT EXISTS (SELECT 1 FROM case_key_envelopes n
                           WHERE n.case_id = cd.case_id AND n.key_kind = 'case' AND n.epoch = c.key_epoch
                             AND n.recipient_kind = 'desk' AND n.recipient_id = cd.desk_id AND n.desk_key_version = ${current})
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
                           WHERE g.case_id = cd.case_id AND g.key_kind = 'case' AND g.epoch = c.key_epoch
                             AND g.recipient_kind = 'desk' AND g.recipient_id = cd.desk_id AND g.desk_key_version = $${n + 2})
          AND ${where.sql}`,
      [...where.params, deskId, version],
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * Which of `caseIds` are open cases of the desk the caller may read, locked (FOR UPDATE: their
   * epoch moves on) until the commit, with what a batch checks. `where` as for `page`.
   */
  async openCasesOf(manager: EntityManager, deskId: string, version: number, caseIds: readonly string[], where: SqlWhere): Promise<Map<string, OpenCaseKeys & { requesterId: string | null }>> {
    const n = where.params.length;
    const rows: {
      id: string;
      key_epoch: number;
      owner_desk_id: string;
      collaborator_desk_ids: string[];
      requester_id: string | null;
      requester_enc_pk: string | null;
      has_staff_key: boolean;
      resealed: boolean;
    }[] = await manager.query(
      `SELECT c.id, c.key_epoch, c.owner_desk_id, c.collaborator_desk_ids, c.requester_id,
              (SELECT r.enc_pk FROM requesters r WHERE r.id = c.requester_id) AS requester_enc_pk,
              EXISTS (SELECT 1 FROM case_staff_keys sk WHERE sk.case_id = c.id AND sk.epoch = c.key_epoch) AS has_staff_key,
              EXISTS (SELECT 1 FROM case_key_envelopes g WHERE g.case_id = c.id AND g.key_kind = 'case' AND g.epoch = c.key_epoch
                         AND g.recipient_kind = 'desk' AND g.recipient_id = $${n + 1} AND g.desk_key_version = $${n + 3}) AS resealed
         FROM case_desks cd JOIN aid_cases c ON c.id = cd.case_id
        WHERE cd.desk_id = $${n + 1} AND cd.case_id = ANY($${n + 2}::uuid[]) AND ${NOT_SHUT} AND ${where.sql}
        FOR UPDATE OF c`,
      [...where.params, deskId, caseIds, version],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          keyEpoch: r.key_epoch,
          holdingDeskIds: [r.owner_desk_id, ...r.collaborator_desk_ids],
          requesterId: r.requester_id,
          requesterEncPk: r.requester_enc_pk,
          hasStaffKey: r.has_staff_key,
          resealed: r.resealed,
        },
      ]),
    );
  }

  /** Writes a case's next epoch: its case key link, its staff-only key, every envelope, and the case's epoch. */
  async insertEpoch(
    manager: EntityManager,
    e: { caseId: string; epoch: number; caseKeyLink: string; staffBind: string; staffLink: string | null; createdBy: string; envelopes: readonly NewEnvelopeRow[] },
  ): Promise<void> {
    await manager.query(`INSERT INTO case_key_links (case_id, epoch, link, created_by) VALUES ($1, $2, $3, $4)`, [e.caseId, e.epoch, e.caseKeyLink, e.createdBy]);
    await manager.query(`INSERT INTO case_staff_keys (case_id, epoch, bind, link, created_by) VALUES ($1, $2, $3, $4, $5)`, [e.caseId, e.epoch, e.staffBind, e.staffLink, e.createdBy]);
    await manager.query(
      `INSERT INTO case_key_envelopes (case_id, key_kind, epoch, recipient_kind, recipient_id, desk_key_version, sealed_key, sealer_kind, sealer_id, sealer_kid, signature)
       SELECT $1, g.key_kind, $2, g.recipient_kind, g.recipient_id, g.version, g.sealed_key, 'staff', $3, g.sealer_kid, g.signature
         FROM unnest($4::text[], $5::text[], $6::uuid[], $7::int[], $8::text[], $9::text[], $10::text[]) AS g (key_kind, recipient_kind, recipient_id, version, sealed_key, sealer_kid, signature)`,
      [
        e.caseId,
        e.epoch,
        e.createdBy,
        e.envelopes.map((g) => g.keyKind),
        e.envelopes.map((g) => g.recipientKind),
        e.envelopes.map((g) => g.recipientId),
        e.envelopes.map((g) => g.deskKeyVersion),
        e.envelopes.map((g) => g.sealedKey),
        e.envelopes.map((g) => g.sealerKid),
        e.envelopes.map((g) => g.signature),
      ],
    );
    await manager.query(`UPDATE aid_cases SET key_epoch = $2 WHERE id = $1`, [e.caseId, e.epoch]);
  }
}
