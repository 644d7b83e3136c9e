import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { kidOf } from '@ashar/crypto';
import { type CaseRecordInput, type CaseStatus, type RequesterCaseView, type RequesterPrincipal, accessibleWhere, defineAbilityFor, requesterStatusOf, DomainError, GeneralError } from '@ashar/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { requireNotShut } from './case-access';
import { requireNewestEpoch, requireRecordCiphertext, signKeyOf } from './case-checks';
import { CaseContentRepository, RECORD_COLUMNS } from './case-content.repository';
import { envelopeView, recordView } from './case-views';
import { CASE_COLUMNS, CaseRepository } from './case.repository';
import { isUniqueViolation } from '../database';
import { CaseProgress } from './case-progress';

/**
 * A requester's own case, after receipt sign-in: its status, their envelope of the case key,
 * their request and the messages (never notes: the ability's CaseRecord condition is part of
 * the query), and their replies, which hand a case awaiting them back to the desk.
 */
@Injectable()
export class RequesterCaseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly content: CaseContentRepository,
    private readonly audit: AuditService,
    private readonly progress: CaseProgress,
  ) {}

  async view(requester: RequesterPrincipal): Promise<RequesterCaseView> {
    return this.dataSource.transaction(async (manager) => {
      const ability = defineAbilityFor(requester);
      const row = await this.cases.findOfRequester(manager, requester.requesterId, accessibleWhere(ability, 'read', 'AidCase', CASE_COLUMNS, { paramOffset: 1 }));
      if (!row) throw new DomainError(GeneralError.NotFound);
      // The requester's envelope of the newest epoch they have one for.
      const envelope = (await this.content.envelopesFor(manager, row.id, { requesterId: requester.requesterId })).sort((a, b) => b.epoch - a.epoch)[0];
      const caseKeyLinks = await this.content.caseKeyLinks(manager, row.id);
      const records = await this.content.readableRecords(manager, row.id, accessibleWhere(ability, 'read', 'CaseRecord', RECORD_COLUMNS, { paramOffset: 1 }));
      await this.audit.record(manager, {
        action: 'case.read',
        actor: { kind: 'requester', id: requester.requesterId },
        subject: { type: 'case', id: row.id },
        data: { records: records.length },
      });
      // Records come oldest first; the newest one the requester reads says who wrote last.
      const newest = records[records.length - 1];
      // Staff appear to the requester under their pseudonym only (never their name): the authors of
      // the messages and the sealer of the requester's envelope, when staff sealed it.
      const staffIds = [...new Set([...records.filter((r) => r.author_kind === 'staff').map((r) => r.author_id), ...(envelope?.sealer_kind === 'staff' ? [envelope.sealer_id] : [])])];
      const staff = await this.content.pseudonyms(manager, staffIds);
      return {
        case: {
          id: row.id,
          requestType: row.request_type,
          status: row.status,
          requesterStatus: requesterStatusOf(row.status, newest ? newest.author_kind : null),
          createdAt: row.created_at.toISOString(),
        },
        envelope: envelope ? envelopeView(envelope) : null,
        caseKeyLinks,
        records: records.map(recordView),
        staff,
      };
    });
  }

  async reply(requester: RequesterPrincipal, record: CaseRecordInput): Promise<{ id: string; status: CaseStatus }> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const ability = defineAbilityFor(requester);
        const row = await this.cases.findOfRequester(manager, requester.requesterId, accessibleWhere(ability, 'write_message', 'AidCase', CASE_COLUMNS, { paramOffset: 1 }), true);
        if (!row) throw new DomainError(GeneralError.NotFound);
        requireNotShut(row);
        const keys = await this.content.requesterKeys(manager, requester.requesterId);
        if (!keys) throw new DomainError(GeneralError.NotFound);
        if (record.authorKid !== kidOf(signKeyOf(keys.sign_pk, 'your key'))) throw new DomainError(GeneralError.Validation, 'authorKid is not the kid of your receipt key');
        requireRecordCiphertext(record.ciphertext, 'ciphertext');
        requireNewestEpoch(record.epoch, row);
        if (await this.content.recordExists(manager, record.id)) throw new DomainError(GeneralError.Conflict, 'a record with this id exists; choose another id');
        await this.content.insertRecord(manager, {
          id: record.id,
          caseId: row.id,
          kind: 'message',
          keyKind: 'case',
          epoch: row.key_epoch,
          authorKind: 'requester',
          authorId: requester.requesterId,
          authorKid: record.authorKid,
          ciphertext: record.ciphertext,
        });
        const actor = { kind: 'requester', id: requester.requesterId } as const;
        const subject = { type: 'case', id: row.id } as const;
        // The reply hands a case awaiting the requester back to the desk (statusAfterWork), counts as
        // requester activity for the inbox and notifies whoever works the case.
        const status = await this.progress.requesterActivity(manager, row, 'requester_message', record.id, actor);
        await this.audit.record(manager, { action: 'case.message_added', actor, subject, data: { recordId: record.id } });
        return { id: record.id, status };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError(GeneralError.Conflict, 'a record with this id exists; choose another id');
      throw err;
    }
  }
}
