import { Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import { type AuditEventFields, appendAuditSql, auditAppendParams } from '../audit';
import { preparedOn } from '../database';
import { type OutboxJob, outboxInsert } from '../jobs';
import { ROUTING_RULES_MAX, RULES_SQL, type RoutingRuleRow } from '../routing';

/** A desk as intake sees it: its id and its newest certified key, if any. */
export interface IntakeDesk {
  id: string;
  /** Newest certified key version and its public key; null before the first certification. */
  key: { version: number; encPk: string } | null;
}

/** What routing a request and checking its envelopes needs, read in one statement. */
export interface IntakeContext {
  /** intake_context_version when read: any change to rules, desks or desk keys raises it. */
  version: string;
  rules: RoutingRuleRow[];
  /** Every desk by slug. */
  desks: Map<string, IntakeDesk>;
}

/** One envelope as stored; `recipientId` null means the new requester account. */
export interface IntakeEnvelopeRow {
  recipientKind: 'desk' | 'requester';
  recipientId: string | null;
  deskKeyVersion: number | null;
  sealedKey: string;
  sealerKid: string;
  signature: string;
}

export interface NewIntake {
  /** The routing context the request was checked against: nothing is written if it changed since. */
  contextVersion: string;
  /** Made by the api, so that the audit event can name it before the statement runs. */
  requesterId: string;
  requester: { signKid: string; encPk: string; signPk: string };
  caseId: string;
  requestType: string;
  country: string;
  language: string;
  urgency: string;
  ownerDeskId: string;
  collaboratorDeskIds: string[];
  createdAt: Date;
  firstResponseDueAt: Date;
  record: { id: string; ciphertext: string };
  envelopes: IntakeEnvelopeRow[];
  jobs: OutboxJob[];
  /** The case.created event, appended by the same statement. */
  audit: AuditEventFields;
}

/** Most desks an installation has; intake reads them all with their current keys. */
const DESKS_MAX = 200;

/**
 * The SQL of a submission, shaped for the hot path: an intake is one statement that writes
 * everything and appends its audit event (plus a read of the routing context when the cached
 * one is missing or stale), because on a busy api every round trip, and every moment the
 * audit chain's lock is held across one, costs more than the work it carries (bench/intake).
 * A single statement commits on its own: no transaction around it.
 */
@Injectable()
export class IntakeRepository {
  /** The routing rules and every desk with its current certified key, in one statement. */
  async context(db: Pool): Promise<IntakeContext> {
    const rows = await preparedOn<{ version: string; rules: RoutingRuleRow[] | null; desks: { id: string; slug: string; version: number | null; enc_pk: string | null }[] | null }>(
      db,
      'intake-context',
      `SELECT (SELECT version::text FROM intake_context_version) AS version,
              (SELECT json_agg(r) FROM (${RULES_SQL}) r) AS rules,
              (SELECT json_agg(json_build_object('id', d.id, 'slug', d.slug, 'version', k.version, 'enc_pk', k.enc_pk))
                 FROM (SELECT id, slug FROM desks ORDER BY slug LIMIT $2) d
                 LEFT JOIN LATERAL (SELECT version, enc_pk FROM desk_keys
                                     WHERE desk_id = d.id AND certificate IS NOT NULL
                                     ORDER BY version DESC LIMIT 1) k ON true) AS desks`,
      [ROUTING_RULES_MAX, DESKS_MAX],
    );
    const row = rows[0];
    const desks = new Map<string, IntakeDesk>();
    for (const d of row?.desks ?? []) {
      desks.set(d.slug, { id: d.id, key: d.version !== null && d.enc_pk !== null ? { version: d.version, encPk: d.enc_pk } : null });
    }
    if (!row) throw new Error('the intake context query returned no row');
    return { version: row.version, rules: row.rules ?? [], desks };
  }

  /**
   * Writes the requester account, the case (its trigger fills case_desks), the request record,
   * the key envelopes, the outbox jobs and the case.created audit event as one statement, only if
   * the routing context is still at `n.contextVersion` (checked in the statement's own snapshot).
   * Returns false when it was not, having written nothing. A duplicate id or receipt key fails
   * with unique_violation naming its constraint, also having written nothing.
   */
  async insert(db: Pool, n: NewIntake): Promise<boolean> {
    // $1-$20 the rows, $21 the context version, then the jobs, the requester id and the audit event.
    const jobs = outboxInsert(n.jobs, 22, { onlyIf: 'EXISTS (SELECT 1 FROM requester)' });
    const requesterParam = 22 + jobs.params.length;
    const rows = await preparedOn<{ written: boolean }>(
      db,
      'intake-insert',
      `WITH current AS (
         SELECT 1 FROM intake_context_version WHERE version = $21::bigint
       ), requester AS (
         INSERT INTO requesters (id, sign_kid, enc_pk, sign_pk) SELECT $${requesterParam}::uuid, $1, $2, $3 FROM current RETURNING id
       ), new_case AS (
         INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, collaborator_desk_ids, requester_id, created_at, updated_at, first_response_due_at)
         SELECT $4, $5, $6, $7, $8, 'new', $9, $10, requester.id, $11, $11, $12 FROM requester
         RETURNING id
       ), record AS (
         INSERT INTO case_records (id, case_id, kind, author_kind, author_id, author_kid, ciphertext)
         SELECT $13, new_case.id, 'request', 'requester', requester.id, $1, $14 FROM requester, new_case
       ), envelopes AS (
         INSERT INTO case_key_envelopes (case_id, recipient_kind, recipient_id, desk_key_version, sealed_key, sealer_kind, sealer_id, sealer_kid, signature)
         SELECT new_case.id, g.kind, coalesce(g.recipient_id, requester.id), g.version, g.sealed_key, 'requester', requester.id, g.sealer_kid, g.signature
           FROM requester, new_case,
                unnest($15::text[], $16::uuid[], $17::int[], $18::text[], $19::text[], $20::text[]) AS g(kind, recipient_id, version, sealed_key, sealer_kid, signature)
       ), jobs AS (
         ${jobs.sql}
       ), ${appendAuditSql(requesterParam + 1, { onlyIf: 'EXISTS (SELECT 1 FROM requester)' })}
       SELECT EXISTS (SELECT 1 FROM requester) AS written`,
      [
        n.requester.signKid,
        n.requester.encPk,
        n.requester.signPk,
        n.caseId,
        n.requestType,
        n.country,
        n.language,
        n.urgency,
        n.ownerDeskId,
        n.collaboratorDeskIds,
        n.createdAt,
        n.firstResponseDueAt,
        n.record.id,
        n.record.ciphertext,
        n.envelopes.map((g) => g.recipientKind),
        n.envelopes.map((g) => g.recipientId),
        n.envelopes.map((g) => g.deskKeyVersion),
        n.envelopes.map((g) => g.sealedKey),
        n.envelopes.map((g) => g.sealerKid),
        n.envelopes.map((g) => g.signature),
        n.contextVersion,
        ...jobs.params,
        n.requesterId,
        ...auditAppendParams(n.audit),
      ],
    );
    return rows[0]?.written === true;
  }
}
