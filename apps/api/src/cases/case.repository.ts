import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CaseStatus, OPEN_CASE_STATUSES, type RequestType, type SqlColumnMap, type SqlWhere, type Urgency, sqlStatusList } from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { poolOf, preparedOn } from '../database';

/** An aid_cases row as the queries below return it. */
export interface CaseRow {
  id: string;
  request_type: RequestType;
  country: string;
  language: string;
  urgency: Urgency;
  status: CaseStatus;
  owner_desk_id: string;
  collaborator_desk_ids: string[];
  assignee_id: string | null;
  requester_id: string | null;
  created_at: Date;
  first_response_due_at: Date;
  first_responded_at: Date | null;
  closed_at: Date | null;
  /** The newest case key epoch (SPEC.md §9.4): new records and files must be under its keys. */
  key_epoch: number;
  /** The requester's sealed subject line (libs/crypto SPEC.md §19), or null. */
  subject: string | null;
}

/**
 * An inbox row: the clear facts of a case with its times already in the api's ISO-8601 form
 * (UTC, milliseconds, as Date.toISOString writes them), made by PostgreSQL, and its keyset
 * position (microsecond timestamp as text, so paging never skips or repeats).
 */
export type InboxRow = Omit<CaseRow, 'requester_id' | 'key_epoch' | 'subject' | 'created_at' | 'first_response_due_at' | 'first_responded_at' | 'closed_at'> & {
  created_at: string;
  first_response_due_at: string;
  first_responded_at: string | null;
  closed_at: string | null;
  /** The requester's newest activity (intake, a reply, a file), to the minute. */
  last_activity_at: string;
  /** Requester activity since the caller last opened the case (or never opened it). */
  unread: boolean;
  assignee_name: string | null;
  /** The requester's subject line, sealed (libs/crypto SPEC.md §19), or null. */
  subject: string | null;
  cursor_time: string;
};

/** One desk's open work as `deskLoads` counts it. */
export interface DeskLoadRow {
  desk_id: string;
  overdue: number;
  critical: number;
  high: number;
  normal: number;
  low: number;
  unread: number;
}

export interface NewCase {
  id: string;
  requestType: RequestType;
  country: string;
  language: string;
  urgency: Urgency;
  ownerDeskId: string;
  collaboratorDeskIds: string[];
  requesterId: string;
  createdAt: Date;
  firstResponseDueAt: Date;
}

export type InboxSort = 'due' | 'created';

export interface InboxFilter {
  /** Whose inbox: their last reads of each case decide `unread`. */
  readerId: string;
  /** A desk's inbox (through case_desks); without it, the cases assigned to `assigneeId`. */
  deskId?: string;
  assignee?: { kind: 'id'; id: string } | { kind: 'none' };
  statuses?: CaseStatus[];
  urgencies?: Urgency[];
  types?: RequestType[];
  dueBefore?: Date;
  sort: InboxSort;
  after?: { time: string; id: string };
  limit: number;
}

/** The ability's AidCase fields as columns of `aid_cases c` (libs/domain accessibleWhere). */
export const CASE_COLUMNS: SqlColumnMap<'AidCase'> = {
  id: 'c.id',
  ownerDeskId: 'c.owner_desk_id',
  collaboratorDeskIds: { sql: 'c.collaborator_desk_ids', array: true },
  assigneeId: 'c.assignee_id',
  requesterId: 'c.requester_id',
  status: 'c.status',
  requestType: 'c.request_type',
  urgency: 'c.urgency',
};

const FIELDS = `c.id, c.request_type, c.country, c.language, c.urgency, c.status, c.owner_desk_id, c.collaborator_desk_ids,
  c.assignee_id, c.requester_id, c.created_at, c.first_response_due_at, c.first_responded_at, c.closed_at, c.key_epoch, c.subject`;
/** Written out (not a parameter) so the planner matches the partial indexes on open cases. */
const OPEN = sqlStatusList(OPEN_CASE_STATUSES);
const micros = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/**
 * A timestamp as Date.toISOString writes it (UTC, milliseconds truncated as node-postgres's Date
 * truncates them), formatted by PostgreSQL, where it is cheaper (docs/decisions.md, "Inbox times").
 */
const isoMillis = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/**
 * The columns of an inbox row (InboxRow but its cursor), read from `aid_cases c`, the caller's
 * `case_reads r` and the assignee `a` (both joined by primary key, one row each: see `inbox`).
 */
const INBOX_FIELDS = `c.id, c.request_type, c.country, c.language, c.urgency, c.status, c.owner_desk_id, c.collaborator_desk_ids, c.assignee_id,
  ${isoMillis('c.created_at')} AS created_at, ${isoMillis('c.first_response_due_at')} AS first_response_due_at,
  ${isoMillis('c.first_responded_at')} AS first_responded_at, ${isoMillis('c.closed_at')} AS closed_at,
  ${isoMillis('coalesce(c.last_requester_activity_at, c.created_at)')} AS last_activity_at,
  c.requester_activity > coalesce(r.seen_activity, 0) AS unread, a.display_name AS assignee_name, c.subject`;
const INBOX_NAMES = `id, request_type, country, language, urgency, status, owner_desk_id, collaborator_desk_ids, assignee_id,
  created_at, first_response_due_at, first_responded_at, closed_at, last_activity_at, unread, assignee_name, subject, cursor_time`;

/** Queries on aid_cases (and the case_desks index the trigger keeps). No business rules here. */
@Injectable()
export class CaseRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, c: NewCase): Promise<void> {
    await manager.query(
      `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, collaborator_desk_ids, requester_id, created_at, updated_at, first_response_due_at)
       VALUES ($1, $2, $3, $4, $5, 'new', $6, $7, $8, $9, $9, $10)`,
      [c.id, c.requestType, c.country, c.language, c.urgency, c.ownerDeskId, c.collaboratorDeskIds, c.requesterId, c.createdAt, c.firstResponseDueAt],
    );
  }

  async exists(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM aid_cases WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /**
   * The case if the caller may act on it: `where` is the ability's condition for the action
   * (accessibleWhere with paramOffset 1). With `lock`, the row stays locked to the commit.
   */
  async findAccessible(manager: EntityManager, id: string, where: SqlWhere, lock = false): Promise<CaseRow | null> {
    const rows: CaseRow[] = await manager.query(`SELECT ${FIELDS} FROM aid_cases c WHERE c.id = $1 AND ${where.sql}${lock ? ' FOR UPDATE' : ''}`, [id, ...where.params]);
    return rows[0] ?? null;
  }

  /** The requester's own case (one per account). `where` starts at $2. */
  async findOfRequester(manager: EntityManager, requesterId: string, where: SqlWhere, lock = false): Promise<CaseRow | null> {
    const rows: CaseRow[] = await manager.query(
      `SELECT ${FIELDS} FROM aid_cases c WHERE c.requester_id = $1 AND ${where.sql}${lock ? ' FOR UPDATE' : ''}`,
      [requesterId, ...where.params],
    );
    return rows[0] ?? null;
  }

  async setUrgency(manager: EntityManager, id: string, urgency: Urgency, due: Date): Promise<void> {
    await manager.query(`UPDATE aid_cases SET urgency = $2, first_response_due_at = $3, updated_at = now() WHERE id = $1`, [id, urgency, due]);
  }

  async setAssignee(manager: EntityManager, id: string, assigneeId: string | null): Promise<void> {
    await manager.query(`UPDATE aid_cases SET assignee_id = $2, updated_at = now() WHERE id = $1`, [id, assigneeId]);
  }

  /** Moves the status; closing stamps closed_at, purge_after and the outcome, reopening clears them. */
  async setStatus(manager: EntityManager, id: string, status: CaseStatus, close: { purgeAfterDays: number; outcome: 'resolved' | 'declined' } | 'reopen' | null): Promise<void> {
    if (close === 'reopen') {
      await manager.query(`UPDATE aid_cases SET status = $2, closed_at = NULL, purge_after = NULL, outcome = NULL, updated_at = now() WHERE id = $1`, [id, status]);
    } else if (close) {
      await manager.query(
        `UPDATE aid_cases SET status = $2, closed_at = now(), purge_after = now() + make_interval(days => $3), outcome = $4, updated_at = now() WHERE id = $1`,
        [id, status, close.purgeAfterDays, close.outcome],
      );
    } else {
      await manager.query(`UPDATE aid_cases SET status = $2, updated_at = now() WHERE id = $1`, [id, status]);
    }
  }

  /** One more piece of requester activity (a reply, a file) on the case, at this minute. */
  async markRequesterActivity(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE aid_cases SET requester_activity = requester_activity + 1, last_requester_activity_at = date_trunc('minute', now(), 'UTC'), updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** The staff member opened the case now, having seen all its requester activity so far. */
  async markRead(manager: EntityManager, id: string, staffId: string): Promise<void> {
    await manager.query(
      `INSERT INTO case_reads (case_id, staff_id, read_at, seen_activity) SELECT id, $2, now(), requester_activity FROM aid_cases WHERE id = $1
       ON CONFLICT (case_id, staff_id) DO UPDATE SET read_at = excluded.read_at, seen_activity = excluded.seen_activity`,
      [id, staffId],
    );
  }

  /** Stamps the first staff response; true when this call was the first. */
  async markFirstResponse(manager: EntityManager, id: string): Promise<boolean> {
    const result: [unknown[], number] = await manager.query(`UPDATE aid_cases SET first_responded_at = now() WHERE id = $1 AND first_responded_at IS NULL`, [id]);
    return result[1] === 1;
  }

  async addCollaborator(manager: EntityManager, id: string, deskId: string): Promise<void> {
    await manager.query(`UPDATE aid_cases SET collaborator_desk_ids = array_append(collaborator_desk_ids, $2::uuid), updated_at = now() WHERE id = $1`, [id, deskId]);
  }

  /**
   * One inbox page (limit + 1 rows, so the caller knows whether there is a next one). A desk's
   * inbox is an ordered scan of case_desks (desk_id, [status,] key, case_id), the unassigned
   * ones of their partial indexes; the assignee list one of aid_cases (assignee_id, key, id).
   * Several statuses other than exactly the open ones (which have their own partial indexes) are
   * one ordered scan per status, merged: one scan over all of them would walk past every case of
   * the other statuses. `where` is the read condition of the ability, with placeholders from $1;
   * this query's own parameters follow it.
   */
  async inbox(filter: InboxFilter, where: SqlWhere): Promise<InboxRow[]> {
    const params: unknown[] = [...where.params];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const viaDesk = filter.deskId !== undefined;
    const t = viaDesk ? 'cd' : 'c';
    const key = filter.sort === 'due' ? `${t}.first_response_due_at` : `${t}.created_at`;
    const idCol = viaDesk ? 'cd.case_id' : 'c.id';
    const conditions: string[] = [];
    if (viaDesk) conditions.push(`cd.desk_id = ${bind(filter.deskId)}`);
    if (filter.assignee?.kind === 'id') conditions.push(`${t}.assignee_id = ${bind(filter.assignee.id)}`);
    if (filter.assignee?.kind === 'none') conditions.push(`${t}.assignee_id IS NULL`);
    const anyOf = (column: string, values: readonly string[] | undefined) => {
      if (!values || values.length === 0) return;
      // One value as `=`, so the (desk_id, status, key, id) index keeps the order.
      conditions.push(values.length === 1 ? `${column} = ${bind(values[0])}` : `${column} = ANY(${bind(values)}::text[])`);
    };
    const statuses = [...new Set(filter.statuses ?? [])];
    const exactlyOpen = sameSet(statuses, OPEN_CASE_STATUSES);
    const perStatus = viaDesk && statuses.length > 1 && !exactlyOpen;
    // Exactly the open statuses are written in the words of the open partial indexes' predicate
    // (constants of this file), so that a plan made once for all values (a generic plan, see
    // `limit` below) can prove it and read those indexes.
    if (exactlyOpen) conditions.push(`${t}.status IN ${OPEN}`);
    else if (!perStatus) anyOf(`${t}.status`, statuses);
    anyOf(`${t}.urgency`, filter.urgencies);
    anyOf(`${t}.request_type`, filter.types);
    if (filter.dueBefore) conditions.push(`${t}.first_response_due_at < ${bind(filter.dueBefore)}`);
    const descending = filter.sort === 'created';
    if (filter.after) conditions.push(`(${key}, ${idCol}) ${descending ? '<' : '>'} (${bind(filter.after.time)}::timestamptz, ${bind(filter.after.id)}::uuid)`);
    conditions.push(where.sql);
    // The caller's read of each case and its assignee's name, by primary key: one index probe per
    // row of the page (the LIMIT stops the ordered scan first).
    const reader = bind(filter.readerId);
    const joins = `LEFT JOIN case_reads r ON r.case_id = c.id AND r.staff_id = ${reader} LEFT JOIN staff_members a ON a.id = c.assignee_id`;
    const from = viaDesk ? `case_desks cd JOIN aid_cases c ON c.id = cd.case_id ${joins}` : `aid_cases c ${joins}`;
    const order = descending ? `${key} DESC, ${idCol} DESC` : `${key}, ${idCol}`;
    // The row count is written into the text, not bound, so PostgreSQL keeps one generic plan per
    // shape (docs/decisions.md, "planned once per shape"). One text per page size: the console
    // asks one. Except for the unassigned cases of given statuses:
    // their partial index's predicate (open, unassigned) follows from the statuses' values only,
    // which a generic plan does not know, so those keep a bound limit and a plan per page.
    if (!Number.isInteger(filter.limit) || filter.limit < 1 || filter.limit > 1000) throw new Error('inbox limit out of range');
    const valueDependent = filter.assignee?.kind === 'none' && statuses.length > 0 && !exactlyOpen;
    const limit = valueDependent ? bind(filter.limit + 1) : String(filter.limit + 1);
    const select = (extra = '') => `SELECT ${INBOX_FIELDS}, ${micros(key)} AS cursor_time${extra} FROM ${from}`;
    // Prepared per shape (the filters given, not their values), on the pool without TypeORM's
    // query runner (docs/decisions.md, "Inbox pages are prepared statements").
    const pool = poolOf(this.dataSource);
    const run = (text: string) => preparedOn<InboxRow>(pool, `inbox-${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`, text, params);
    if (!perStatus) return run(`${select()} WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${limit}`);
    // Each branch also gives its sort key, for the merge; the page does not carry it.
    const branches = statuses.map(
      (status) => `(${select(`, ${key} AS sort_key, ${idCol} AS sort_id`)} WHERE cd.status = ${bind(status)} AND ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${limit})`,
    );
    const outer = descending ? 'sort_key DESC, sort_id DESC' : 'sort_key, sort_id';
    return run(`SELECT ${INBOX_NAMES} FROM (${branches.join(' UNION ALL ')}) AS page ORDER BY ${outer} LIMIT ${limit}`);
  }

  /**
   * The open work of each of `deskIds` for the caller (`readerId`): open cases past their due
   * time unanswered, open cases by urgency, and those with requester activity the reader has not
   * seen. Only the cases a desk owns: the intake desk holds every case beside the routed desk,
   * whose work it is. One grouped scan of the desks' open cases. `where` is the read condition
   * of the ability, with placeholders from $1. Desks without an open case are absent.
   */
  async deskLoads(deskIds: readonly string[], readerId: string, where: SqlWhere): Promise<DeskLoadRow[]> {
    if (deskIds.length === 0) return [];
    const params: unknown[] = [...where.params, deskIds, readerId];
    const desks = `$${where.params.length + 1}`;
    const reader = `$${where.params.length + 2}`;
    return this.dataSource.query(
      `SELECT cd.desk_id,
              count(*) FILTER (WHERE c.first_responded_at IS NULL AND c.first_response_due_at <= now())::int AS overdue,
              count(*) FILTER (WHERE c.urgency = 'critical')::int AS critical,
              count(*) FILTER (WHERE c.urgency = 'high')::int AS high,
              count(*) FILTER (WHERE c.urgency = 'normal')::int AS normal,
              count(*) FILTER (WHERE c.urgency = 'low')::int AS low,
              count(*) FILTER (WHERE c.requester_activity > coalesce(r.seen_activity, 0))::int AS unread
         FROM case_desks cd JOIN aid_cases c ON c.id = cd.case_id
         LEFT JOIN case_reads r ON r.case_id = c.id AND r.staff_id = ${reader}
        WHERE cd.desk_id = ANY(${desks}::uuid[]) AND cd.is_owner AND cd.status IN ${OPEN} AND ${where.sql}
        GROUP BY cd.desk_id`,
      params,
    );
  }

  /** Which of `ids` the caller may read (`where` from $2), with their newest epoch and requester. */
  async readable(manager: EntityManager, ids: readonly string[], where: SqlWhere): Promise<{ id: string; key_epoch: number; requester_id: string | null }[]> {
    return manager.query(`SELECT c.id, c.key_epoch, c.requester_id FROM aid_cases c WHERE c.id = ANY($1::uuid[]) AND ${where.sql}`, [ids, ...where.params]);
  }

  /**
   * Claims the escalation of a breach: true once per (case, due time), and only while the case
   * is open, unanswered, still due at `dueAt` (null: at whatever its due time is, for the sweep),
   * and that time has passed on the database clock.
   */
  async claimEscalation(manager: EntityManager, id: string, dueAt: Date | null): Promise<{ owner_desk_id: string } | null> {
    // An UPDATE answers [rows, count] through TypeORM's query().
    const [rows]: [{ owner_desk_id: string }[], number] = await manager.query(
      `UPDATE aid_cases SET sla_escalated_due_at = first_response_due_at
        WHERE id = $1 AND ($2::timestamptz IS NULL OR first_response_due_at = $2) AND first_response_due_at <= now()
          AND first_responded_at IS NULL AND status IN ${OPEN}
          AND sla_escalated_due_at IS DISTINCT FROM first_response_due_at
        RETURNING owner_desk_id`,
      [id, dueAt],
    );
    return rows[0] ?? null;
  }

  /** What a scheduled SLA check needs to know of its case. */
  async slaState(id: string): Promise<{ due: Date; pending: boolean; now: Date } | null> {
    const rows: { due: Date; pending: boolean; now: Date }[] = await this.dataSource.query(
      `SELECT first_response_due_at AS due, now() AS now,
              (first_responded_at IS NULL AND status IN ${OPEN} AND sla_escalated_due_at IS DISTINCT FROM first_response_due_at) AS pending
         FROM aid_cases WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Open, unanswered cases past their due time and not yet escalated for it (the SLA sweep's safety net). */
  async overdue(limit: number): Promise<{ id: string }[]> {
    return this.dataSource.query(
      `SELECT id FROM aid_cases
        WHERE first_responded_at IS NULL AND status IN ${OPEN} AND sla_escalated_due_at IS DISTINCT FROM first_response_due_at
          AND first_response_due_at <= now()
        ORDER BY first_response_due_at LIMIT $1`,
      [limit],
    );
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && b.every((v) => a.includes(v));
}
