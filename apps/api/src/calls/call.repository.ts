import { Injectable } from '@nestjs/common';
import { type CallInput, type CallKind, type CallStatus, type DecisionStatus, type ZonedMoment } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

export interface CallRow {
  id: string;
  kind: CallKind;
  status: CallStatus;
  texts: CallInput['texts'];
  form: CallInput['form'];
  quota_total: number | null;
  quota_per_country: CallInput['quotas']['perCountry'];
  time_zone: string;
  /** `YYYY-MM-DDTHH:MM`. */
  opens_local: string;
  closes_local: string;
  /** ISO 8601 in UTC. */
  opens_at: string;
  closes_at: string;
  decision_on: string | null;
  notify_on: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const FIELDS = `id, kind, status, texts, form, quota_total, quota_per_country, time_zone,
  to_char(opens_local, 'YYYY-MM-DD"T"HH24:MI') AS opens_local, to_char(closes_local, 'YYYY-MM-DD"T"HH24:MI') AS closes_local,
  ${iso('opens_at')} AS opens_at, ${iso('closes_at')} AS closes_at,
  to_char(decision_on, 'YYYY-MM-DD') AS decision_on, to_char(notify_on, 'YYYY-MM-DD') AS notify_on,
  ${iso('created_at')} AS created_at, ${iso('updated_at')} AS updated_at, ${iso('published_at')} AS published_at`;

/** The statuses anyone may see (libs/domain PUBLIC_CALL_STATUSES), as SQL. */
const PUBLIC = `status IN ('published', 'closed', 'decided')`;

/** A call's content and its computed times, as the service writes them. */
export interface CallWrite {
  input: CallInput;
  opens: ZonedMoment;
  closes: ZonedMoment;
}

const values = ({ input, opens, closes }: CallWrite) => [
  input.kind,
  JSON.stringify(input.texts),
  JSON.stringify(input.form),
  input.quotas.total,
  JSON.stringify(input.quotas.perCountry),
  opens.timeZone,
  opens.local,
  closes.local,
  opens.instant,
  closes.instant,
  input.decisionOn,
  input.notifyOn,
];

/** Queries on calls. Public reads filter drafts and archived calls out in SQL. */
@Injectable()
export class CallRepository {
  async insert(manager: EntityManager, write: CallWrite, createdBy: string): Promise<string> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO calls (kind, texts, form, quota_total, quota_per_country, time_zone, opens_local, closes_local, opens_at, closes_at, decision_on, notify_on, created_by)
       VALUES ($1, $2::jsonb, $3::jsonb, $4, $5::jsonb, $6, $7::timestamp, $8::timestamp, $9::timestamptz, $10::timestamptz, $11::date, $12::date, $13) RETURNING id`,
      [...values(write), createdBy],
    );
    return rows[0]!.id;
  }

  async update(manager: EntityManager, id: string, write: CallWrite): Promise<void> {
    await manager.query(
      `UPDATE calls SET kind = $1, texts = $2::jsonb, form = $3::jsonb, quota_total = $4, quota_per_country = $5::jsonb, time_zone = $6,
         opens_local = $7::timestamp, closes_local = $8::timestamp, opens_at = $9::timestamptz, closes_at = $10::timestamptz,
         decision_on = $11::date, notify_on = $12::date, updated_at = now()
       WHERE id = $13`,
      [...values(write), id],
    );
  }

  /** Moves a call to `status`, stamping the time of the move (`now`, the api's clock). */
  async setStatus(manager: EntityManager, id: string, status: CallStatus, now: Date): Promise<void> {
    const stamp = { published: 'published_at', closed: 'closed_at', decided: 'decided_at', archived: 'archived_at', draft: null }[status];
    await manager.query(`UPDATE calls SET status = $2, updated_at = now()${stamp ? `, ${stamp} = $3` : ''} WHERE id = $1`, stamp ? [id, status, now] : [id, status]);
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<CallRow | null> {
    const rows = await manager.query<CallRow[]>(`SELECT ${FIELDS} FROM calls WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  /**
   * The decision status of each of the call's applications still in the running (not withdrawn):
   * `undecided` where no step was taken (tables of migration 1763700017200, docs/calls.md "Review").
   */
  async decisionStatuses(manager: EntityManager, id: string): Promise<{ status: DecisionStatus }[]> {
    return manager.query<{ status: DecisionStatus }[]>(
      `SELECT coalesce(d.status, 'undecided') AS status FROM call_applications a LEFT JOIN call_decisions d ON d.application_id = a.id WHERE a.call_id = $1 AND a.status = 'submitted'`,
      [id],
    );
  }

  /** Every call for programme staff, newest deadline first. */
  async list(manager: EntityManager, limit: number): Promise<CallRow[]> {
    return manager.query<CallRow[]>(`SELECT ${FIELDS} FROM calls ORDER BY status = 'archived', closes_at DESC, id LIMIT $1`, [limit]);
  }

  /** A call anyone may see, or null for a draft, an archived call or none. */
  async findPublic(manager: EntityManager, id: string, share = false): Promise<CallRow | null> {
    const rows = await manager.query<CallRow[]>(`SELECT ${FIELDS} FROM calls WHERE id = $1 AND ${PUBLIC}${share ? ' FOR SHARE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  /** The calls anyone may see, by deadline (the soonest first). */
  async listPublic(manager: EntityManager, limit: number): Promise<CallRow[]> {
    return manager.query<CallRow[]>(`SELECT ${FIELDS} FROM calls WHERE ${PUBLIC} ORDER BY closes_at, id LIMIT $1`, [limit]);
  }
}
