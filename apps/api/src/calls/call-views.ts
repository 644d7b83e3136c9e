import { type CallListItem, type CallTiming, type CallView, type PublicCallListItem, type PublicCallView, callPhase, storedMoment } from '@ashar/domain';
import { type CallRow } from './call.repository';

export const timingOf = (row: CallRow): CallTiming & { id: string } => ({ id: row.id, status: row.status, opensAt: row.opens_at, closesAt: row.closes_at });

const titlesOf = (row: CallRow): CallListItem['titles'] =>
  Object.fromEntries(Object.entries(row.texts).flatMap(([lang, text]) => (text ? [[lang, text.title]] : []))) as CallListItem['titles'];

const facts = (row: CallRow, now: Date) => ({
  id: row.id,
  kind: row.kind,
  phase: callPhase(timingOf(row), now),
  texts: row.texts,
  form: row.form,
  quotas: { total: row.quota_total, perCountry: row.quota_per_country },
  timeZone: row.time_zone,
  opens: storedMoment(row.opens_local, row.time_zone, row.opens_at),
  closes: storedMoment(row.closes_local, row.time_zone, row.closes_at),
  decisionOn: row.decision_on,
  notifyOn: row.notify_on,
});

export const callView = (row: CallRow, now: Date): CallView => ({
  ...facts(row, now),
  status: row.status,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  publishedAt: row.published_at,
});

export const publicCallView = (row: CallRow, now: Date): PublicCallView => facts(row, now);

export const callListItem = (row: CallRow, now: Date): CallListItem => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  phase: callPhase(timingOf(row), now),
  titles: titlesOf(row),
  closes: storedMoment(row.closes_local, row.time_zone, row.closes_at),
});

export const publicCallListItem = (row: CallRow, now: Date): PublicCallListItem => {
  const { status: _status, ...item } = callListItem(row, now);
  return item;
};
