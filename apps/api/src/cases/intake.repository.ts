import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Pool } from 'pg';
import { CASE_WORKER_ROLES } from '@ashar/domain';
import { DataSource } from 'typeorm';
import { type AuditEventFields, appendAuditSql } from '../audit';
import { SqlParams, poolOf, preparedOn } from '../database';
import { type OutboxJob, outboxInsertSql } from '../jobs';
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
  /** SHA-256 of the canonical submission (intakeDigest), by which a retry of it is recognised. */
  digest: Buffer;
  record: { id: string; ciphertext: string };
  /** The requester's sealed subject line (libs/crypto SPEC.md §19), or null. */
  subject: string | null;
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
 * one is missing or stale): round trips, not work, decide its throughput (docs/decisions.md,
 * "The intake hot path"). A single statement commits on its own: no transaction around it, so
 * both run on TypeORM's pool (the same connections, role and settings) rather than a query runner.
 */
@Injectable()
export class IntakeRepository {
  private readonly pool: Pool;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.pool = poolOf(dataSource);
  }

  /** The routing rules and every desk with its current key (newest published version, unless revoked: DeskRepository.currentCertifiedKey), in one statement. */
  async context(): Promise<IntakeContext> {
    const rows = await preparedOn<{ version: string; rules: RoutingRuleRow[] | null; desks: { id: string; slug: string; version: number | null; enc_pk: string | null }[] | null }>(
      this.pool,
      'intake-context',
      `SELECT (SELECT version::text FROM intake_context_version) AS version,
              (SELECT json_agg(r) FROM (${RULES_SQL}) r) AS rules,
              (SELECT json_agg(json_build_object('id', d.id, 'slug', d.slug, 'version', k.version, 'enc_pk', k.enc_pk))
                 FROM (SELECT id, slug FROM desks ORDER BY slug LIMIT $2) d
                 LEFT JOIN LATERAL (SELECT version, enc_pk, revoked_at FROM desk_keys
                                     WHERE desk_id = d.id AND published
                                     ORDER BY version DESC LIMIT 1) k ON k.revoked_at IS NULL) AS desks`,
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
  async insert(n: NewIntake): Promise<boolean> {
    const { text, values } = intakeInsertStatement(n);
    const rows = await preparedOn<{ written: boolean }>(this.pool, 'intake-insert', text, values);
    return rows[0]?.written === true;
  }

  /**
   * True when case `caseId` exists and was created from the submission with this digest: a
   * retry of a stored request, whose first answer was lost. Asked only after a refusal.
   */
  async stored(caseId: string, digest: Buffer): Promise<boolean> {
    const rows = await preparedOn<{ stored: boolean }>(this.pool, 'intake-stored', `SELECT EXISTS (SELECT 1 FROM aid_cases WHERE id = $1 AND intake_digest = $2) AS stored`, [caseId, digest]);
    return rows[0]?.stored === true;
  }
}

/**
 * The one statement of IntakeRepository.insert. Values are bound in a fixed order, so its text
 * depends on nothing but this code, as the prepared statement `intake-insert` needs.
 */
export function intakeInsertStatement(n: NewIntake): { text: string; values: unknown[] } {
  const p = new SqlParams();
  const contextVersion = p.bind(n.contextVersion, 'bigint');
  const requesterId = p.bind(n.requesterId, 'uuid');
  const signKid = p.bind(n.requester.signKid);
  const encPk = p.bind(n.requester.encPk);
  const signPk = p.bind(n.requester.signPk);
  const caseRow = [n.caseId, n.requestType, n.country, n.language, n.urgency].map((value) => p.bind(value)).join(', ');
  const ownerDeskId = p.bind(n.ownerDeskId);
  const collaboratorDeskIds = p.bind(n.collaboratorDeskIds);
  const createdAt = p.bind(n.createdAt);
  const dueAt = p.bind(n.firstResponseDueAt);
  const digest = p.bind(n.digest, 'bytea');
  const subject = p.bind(n.subject, 'text');
  const caseRoles = p.bind(CASE_WORKER_ROLES, 'text[]');
  const recordId = p.bind(n.record.id);
  const ciphertext = p.bind(n.record.ciphertext);
  const envelopes = [
    p.bind(n.envelopes.map((g) => g.recipientKind), 'text[]'),
    p.bind(n.envelopes.map((g) => g.recipientId), 'uuid[]'),
    p.bind(n.envelopes.map((g) => g.deskKeyVersion), 'int[]'),
    p.bind(n.envelopes.map((g) => g.sealedKey), 'text[]'),
    p.bind(n.envelopes.map((g) => g.sealerKid), 'text[]'),
    p.bind(n.envelopes.map((g) => g.signature), 'text[]'),
  ].join(', ');
  const written = 'EXISTS (SELECT 1 FROM requester)';
  const text = `WITH current AS (
       SELECT 1 FROM intake_context_version WHERE version = ${contextVersion}
     ), requester AS (
       INSERT INTO requesters (id, sign_kid, enc_pk, sign_pk) SELECT ${requesterId}, ${signKid}, ${encPk}, ${signPk} FROM current RETURNING id
     ), new_case AS (
       INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, collaborator_desk_ids, requester_id, created_at, updated_at, first_response_due_at, intake_digest,
                              subject, requester_activity, last_requester_activity_at)
       SELECT ${caseRow}, 'new', ${ownerDeskId}, ${collaboratorDeskIds}, requester.id, ${createdAt}, ${createdAt}, ${dueAt}, ${digest}, ${subject}, 1, ${createdAt} FROM requester
       RETURNING id, owner_desk_id
     ), notified AS (
       -- Every active member of the owning desk with a case role hears of the new case (kind and where only), at the
       -- case's own time (to the minute: a requester caused it).
       INSERT INTO staff_notifications (recipient_id, kind, case_id, desk_id, dedupe_key, created_at)
       SELECT m.staff_id, 'case_new', new_case.id, new_case.owner_desk_id, 'case_new:' || new_case.id, ${createdAt}
         FROM new_case JOIN desk_members m ON m.desk_id = new_case.owner_desk_id
         JOIN staff_members s ON s.id = m.staff_id AND s.status = 'active' AND s.roles && ${caseRoles}
     ), record AS (
       INSERT INTO case_records (id, case_id, kind, author_kind, author_id, author_kid, ciphertext)
       SELECT ${recordId}, new_case.id, 'request', 'requester', requester.id, ${signKid}, ${ciphertext} FROM requester, new_case
     ), envelopes AS (
       INSERT INTO case_key_envelopes (case_id, recipient_kind, recipient_id, desk_key_version, sealed_key, sealer_kind, sealer_id, sealer_kid, signature)
       SELECT new_case.id, g.kind, coalesce(g.recipient_id, requester.id), g.version, g.sealed_key, 'requester', requester.id, g.sealer_kid, g.signature
         FROM requester, new_case, unnest(${envelopes}) AS g(kind, recipient_id, version, sealed_key, sealer_kid, signature)
     ), jobs AS (
       ${outboxInsertSql(n.jobs, p, { onlyIf: written })}
     ), ${appendAuditSql(p, n.audit, { onlyIf: written })}
     SELECT ${written} AS written`;
  return { text, values: p.values };
}
