import { type CaseKeyEnvelopeView, type CaseRecordView, type CaseSummary, type InboxItem, isBreached } from '@ashar/domain';
import { type EnvelopeRow, type RecordRow } from './case-content.repository';
import { type CaseRow, type InboxRow } from './case.repository';

type SummaryTimes = Pick<CaseSummary, 'createdAt' | 'firstResponseDueAt' | 'firstRespondedAt' | 'closedAt' | 'breached'>;

function summaryOf(row: Pick<InboxRow, 'id' | 'request_type' | 'country' | 'language' | 'urgency' | 'status' | 'owner_desk_id' | 'collaborator_desk_ids' | 'assignee_id'>, times: SummaryTimes): CaseSummary {
  return {
    id: row.id,
    requestType: row.request_type,
    country: row.country,
    language: row.language,
    urgency: row.urgency,
    status: row.status,
    ownerDeskId: row.owner_desk_id,
    collaboratorDeskIds: row.collaborator_desk_ids,
    assigneeId: row.assignee_id,
    createdAt: times.createdAt,
    firstResponseDueAt: times.firstResponseDueAt,
    firstRespondedAt: times.firstRespondedAt,
    breached: times.breached,
    closedAt: times.closedAt,
  };
}

/** The clear facts of a case as the api answers them. */
export function caseSummary(row: CaseRow, now: Date = new Date()): CaseSummary {
  return summaryOf(row, {
    createdAt: row.created_at.toISOString(),
    firstResponseDueAt: row.first_response_due_at.toISOString(),
    firstRespondedAt: row.first_responded_at?.toISOString() ?? null,
    breached: isBreached(row.first_response_due_at, now, row.first_responded_at),
    closedAt: row.closed_at?.toISOString() ?? null,
  });
}

/** caseSummary of an inbox row, whose times PostgreSQL already wrote in the api's form. */
export function inboxSummary(row: InboxRow, now: Date): InboxItem {
  const respondedAt = row.first_responded_at;
  const summary = summaryOf(row, {
    createdAt: row.created_at,
    firstResponseDueAt: row.first_response_due_at,
    firstRespondedAt: respondedAt,
    breached: isBreached(new Date(row.first_response_due_at), now, respondedAt === null ? null : new Date(respondedAt)),
    closedAt: row.closed_at,
  });
  return { ...summary, lastActivityAt: row.last_activity_at, unread: row.unread, assigneeName: row.assignee_name, subject: row.subject };
}

export function envelopeView(row: EnvelopeRow): CaseKeyEnvelopeView {
  const recipient: CaseKeyEnvelopeView['recipient'] =
    row.recipient_kind === 'desk'
      ? { kind: 'desk', deskId: row.recipient_id, version: row.desk_key_version ?? 0 }
      : row.recipient_kind === 'staff'
        ? { kind: 'staff', staffId: row.recipient_id }
        : { kind: 'requester' };
  return {
    keyKind: row.key_kind,
    epoch: row.epoch,
    recipient,
    sealer: { kind: row.sealer_kind, id: row.sealer_id },
    sealedKey: row.sealed_key,
    sealerKid: row.sealer_kid,
    signature: row.signature,
    createdAt: row.created_at.toISOString(),
  };
}

export function recordView(row: RecordRow): CaseRecordView {
  return {
    id: row.id,
    kind: row.kind,
    keyKind: row.key_kind,
    epoch: row.epoch,
    author: { kind: row.author_kind, id: row.author_id },
    authorKid: row.author_kid,
    ciphertext: row.ciphertext,
    createdAt: row.created_at.toISOString(),
  };
}
