import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CaseStatus,
  type CaseView,
  type InboxDesks,
  type InboxKeys,
  type InboxPage,
  URGENCIES,
  type RequestType,
  type StaffPrincipal,
  type Urgency,
  accessibleWhere,
  defineAbilityFor,
  memberDeskIds,
  DomainError,
  GeneralError,
} from '@ashar/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { CaseAccess } from './case-access';
import { CaseContentRepository, RECORD_COLUMNS } from './case-content.repository';
import { caseSummary, envelopeView, inboxSummary, recordView } from './case-views';
import { CASE_COLUMNS, CaseRepository, type InboxFilter, type InboxSort } from './case.repository';
import { decodeCursor, encodeCursor } from '../http';

export interface InboxQuery {
  deskId?: string;
  assignee?: 'me' | 'none' | string;
  statuses?: CaseStatus[];
  urgencies?: Urgency[];
  types?: RequestType[];
  dueBefore?: Date;
  sort: InboxSort;
  after?: string;
  limit: number;
}

/**
 * Reading cases: the triage inbox (clear facts only, keyset-paged, filtered in SQL by the
 * ability) and one case with the caller's envelopes and the records they may read. Every read
 * of a case's ciphertext is an audit event, recorded in the transaction that read it.
 */
@Injectable()
export class CaseReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly cases: CaseRepository,
    private readonly content: CaseContentRepository,
    private readonly audit: AuditService,
  ) {}

  async inbox(caller: StaffPrincipal, query: InboxQuery): Promise<InboxPage> {
    // An inbox belongs to the desks one works in; another desk's answers as if it had none.
    if (query.deskId !== undefined && !memberDeskIds(caller).includes(query.deskId)) throw new DomainError(GeneralError.NotFound);
    if (query.deskId === undefined && query.assignee !== 'me') throw new DomainError(GeneralError.Validation, 'give deskId, or assignee=me for the cases assigned to you');
    const scope = `inbox.${query.sort}`;
    const after = query.after === undefined ? undefined : decodeCursor(query.after, scope);
    const filter: InboxFilter = {
      readerId: caller.userId,
      sort: query.sort,
      limit: query.limit,
      ...(query.deskId !== undefined ? { deskId: query.deskId } : {}),
      ...(query.assignee === undefined
        ? {}
        : { assignee: query.assignee === 'none' ? { kind: 'none' as const } : { kind: 'id' as const, id: query.assignee === 'me' ? caller.userId : query.assignee } }),
      ...(query.statuses ? { statuses: query.statuses } : {}),
      ...(query.urgencies ? { urgencies: query.urgencies } : {}),
      ...(query.types ? { types: query.types } : {}),
      ...(query.dueBefore ? { dueBefore: query.dueBefore } : {}),
      ...(after ? { after } : {}),
    };
    const where = accessibleWhere(defineAbilityFor(caller), 'read', 'AidCase', CASE_COLUMNS);
    const rows = await this.cases.inbox(filter, where);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const now = new Date();
    return {
      items: page.map((row) => inboxSummary(row, now)),
      next: rows.length > query.limit && last ? encodeCursor(scope, { time: last.cursor_time, id: last.id }) : null,
    };
  }

  /**
   * The open work of every desk the caller is a member of (issue 16: the inbox opens on the most
   * urgent one, libs/domain mostUrgentDesk), counted in SQL under the ability's read condition.
   */
  async inboxDesks(caller: StaffPrincipal): Promise<InboxDesks> {
    const deskIds = memberDeskIds(caller);
    const where = accessibleWhere(defineAbilityFor(caller), 'read', 'AidCase', CASE_COLUMNS);
    const rows = new Map((await this.cases.deskLoads(deskIds, caller.userId, where)).map((r) => [r.desk_id, r]));
    return {
      desks: deskIds.map((deskId) => {
        const row = rows.get(deskId);
        return {
          deskId,
          overdue: row?.overdue ?? 0,
          open: Object.fromEntries(URGENCIES.map((u) => [u, row?.[u] ?? 0])) as InboxDesks['desks'][number]['open'],
          unread: row?.unread ?? 0,
        };
      }),
    };
  }

  /**
   * What opens the subject lines of an inbox page in the browser: for each of `ids` the caller may
   * read, their case key envelopes (through their desks or to them), the key links and the
   * requester's public keys. No record is read (nothing is audited); cases the caller may not read
   * are left out.
   */
  async inboxKeys(caller: StaffPrincipal, ids: readonly string[]): Promise<InboxKeys> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const where = accessibleWhere(defineAbilityFor(caller), 'read', 'AidCase', CASE_COLUMNS, { paramOffset: 1 });
      const cases = await this.cases.readable(manager, ids, where);
      if (cases.length === 0) return { items: [] };
      const caseIds = cases.map((c) => c.id);
      const envelopes = await this.content.caseKeyEnvelopesOf(manager, caseIds, { deskIds: memberDeskIds(caller), staffId: caller.userId });
      const links = await this.content.caseKeyLinksOf(manager, caseIds);
      const requesters = new Map((await this.content.requesterKeysOf(manager, [...new Set(cases.flatMap((c) => (c.requester_id ? [c.requester_id] : [])))])).map((r) => [r.id, r]));
      const order = new Map(ids.map((id, i) => [id, i]));
      return {
        items: [...cases]
          .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
          .map((c) => {
            const requester = c.requester_id ? requesters.get(c.requester_id) : undefined;
            return {
              caseId: c.id,
              epoch: c.key_epoch,
              requester: requester ? { encPk: requester.enc_pk, signPk: requester.sign_pk } : null,
              caseKeyLinks: links.filter((l) => l.case_id === c.id).map((l) => ({ epoch: l.epoch, link: l.link })),
              envelopes: envelopes.filter((e) => e.case_id === c.id).map(envelopeView),
            };
          }),
      };
    });
  }

  async view(caller: StaffPrincipal, caseId: string): Promise<CaseView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.access.load(manager, caller, caseId, 'read', false);
      const envelopes = await this.content.envelopesFor(manager, caseId, { deskIds: memberDeskIds(caller), staffId: caller.userId });
      const requester = row.requester_id ? await this.content.requesterKeys(manager, row.requester_id) : null;
      const requesterEnvelope = await this.content.requesterEnvelope(manager, caseId);
      const staffKeys = await this.content.staffKeys(manager, caseId);
      const caseKeyLinks = await this.content.caseKeyLinks(manager, caseId);
      const recordWhere = accessibleWhere(defineAbilityFor(caller), 'read', 'CaseRecord', RECORD_COLUMNS, { paramOffset: 1 });
      const records = await this.content.readableRecords(manager, caseId, recordWhere);
      // The caller has now seen the case's requester activity: the inbox no longer marks it for them.
      await this.cases.markRead(manager, caseId, caller.userId);
      await this.audit.record(manager, {
        action: 'case.read',
        actor: { kind: 'staff', id: caller.userId },
        subject: { type: 'case', id: caseId },
        data: { records: records.length, envelopes: envelopes.length },
      });
      return {
        case: caseSummary(row),
        requester: requester ? { encPk: requester.enc_pk, signPk: requester.sign_pk } : null,
        requesterEnvelope: requesterEnvelope ? { sealedKey: requesterEnvelope.sealed_key, sealerKid: requesterEnvelope.sealer_kid, signature: requesterEnvelope.signature } : null,
        subject: row.subject,
        epoch: row.key_epoch,
        staffKeys: staffKeys.map((k) => ({ epoch: k.epoch, bind: k.bind, link: k.link, createdBy: k.created_by })),
        caseKeyLinks,
        envelopes: envelopes.map(envelopeView),
        records: records.map(recordView),
      };
    });
  }
}
