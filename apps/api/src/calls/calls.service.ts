import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CallInput,
  type CallListItem,
  type CallTransition,
  type CallView,
  type PublicCallListItem,
  type PublicCallView,
  type StaffPrincipal,
  type ZonedMoment,
  CALL_LIST_MAX,
  CallError,
  DomainError,
  GeneralError,
  assertEveryApplicationDecided,
  callEditable,
  callTransition,
  displayDeadline,
  zonedMoment,
} from '@ashar/domain';
import { DataSource } from 'typeorm';
import { AuditService, type AuditAction } from '../audit';
import { type CallWrite, CallRepository } from './call.repository';
import { callListItem, callView, publicCallListItem, publicCallView, timingOf } from './call-views';
import { Clock } from './clock';

const actor = (caller: StaffPrincipal) => ({ kind: 'staff' as const, id: caller.userId });

const TRANSITION_ACTIONS: Readonly<Record<CallTransition, AuditAction>> = {
  publish: 'call.published',
  close: 'call.closed',
  decide: 'call.decided',
  archive: 'call.archived',
};

/**
 * The moment of a local time in the call's zone; a refusal names the field it is about
 * (`errors[0].path`: `timeZone` for a zone that is not an IANA id, else the local time's own), so
 * the call editor shows it there. Codes, words and other details stay as call-time.ts gives them.
 */
function momentAt(local: string, timeZone: string, path: 'opensLocal' | 'closesLocal'): ZonedMoment {
  try {
    return zonedMoment(local, timeZone);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = error.code === CallError.UnknownTimeZone ? 'timeZone' : path;
    throw new DomainError(error.code, error.message, { ...error.details, errors: [{ path: field, message: error.message }] });
  }
}

/**
 * Calls for applications (docs/calls.md): programme managers write them; anyone reads the
 * published ones. Times are computed from the local time and zone here (libs/domain call-time.ts)
 * and the phase of a call from the api's Clock, so that tests control time.
 */
@Injectable()
export class CallsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calls: CallRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The instants of a call's times; refuses a call that closes before it opens or is decided before it closes. */
  private computed(input: CallInput): CallWrite {
    const opens = momentAt(input.opensLocal, input.timeZone, 'opensLocal');
    const closes = momentAt(input.closesLocal, input.timeZone, 'closesLocal');
    if (Date.parse(opens.instant) >= Date.parse(closes.instant)) throw new DomainError(GeneralError.Validation, 'The call closes after it opens', { errors: [{ path: 'closesLocal' }] });
    const lastDay = displayDeadline(closes.local).date;
    if (input.decisionOn !== null && input.decisionOn < lastDay) throw new DomainError(GeneralError.Validation, 'The decision comes on or after the deadline’s day', { errors: [{ path: 'decisionOn' }] });
    if (input.notifyOn !== null && input.notifyOn < lastDay) throw new DomainError(GeneralError.Validation, 'Applicants are told on or after the deadline’s day', { errors: [{ path: 'notifyOn' }] });
    return { input, opens, closes };
  }

  async list(): Promise<CallListItem[]> {
    const now = this.clock.now();
    return (await this.calls.list(this.dataSource.manager, CALL_LIST_MAX)).map((row) => callListItem(row, now));
  }

  async view(id: string): Promise<CallView> {
    const row = await this.calls.find(this.dataSource.manager, id);
    if (!row) throw new DomainError(GeneralError.NotFound);
    return callView(row, this.clock.now());
  }

  async create(caller: StaffPrincipal, input: CallInput): Promise<CallView> {
    const write = this.computed(input);
    return this.dataSource.transaction(async (manager) => {
      const id = await this.calls.insert(manager, write, caller.userId);
      await this.audit.record(manager, { action: 'call.created', actor: actor(caller), subject: { type: 'call', id } });
      return callView((await this.calls.find(manager, id))!, this.clock.now());
    });
  }

  /** Replaces a call's content: a draft, or a published call before its deadline whose new deadline is still ahead. */
  async update(caller: StaffPrincipal, id: string, input: CallInput): Promise<CallView> {
    const write = this.computed(input);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.calls.find(manager, id, true);
      if (!row) throw new DomainError(GeneralError.NotFound);
      const now = this.clock.now();
      if (!callEditable(timingOf(row), now)) throw new DomainError(CallError.CallState, 'A call is no longer changed once its deadline has passed');
      if (row.status !== 'draft' && Date.parse(write.closes.instant) <= now.getTime()) {
        throw new DomainError(CallError.CallState, 'A published call’s deadline stays ahead: close the call instead');
      }
      await this.calls.update(manager, id, write);
      await this.audit.record(manager, { action: 'call.updated', actor: actor(caller), subject: { type: 'call', id } });
      return callView((await this.calls.find(manager, id))!, now);
    });
  }

  async transition(caller: StaffPrincipal, id: string, transition: CallTransition): Promise<CallView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.calls.find(manager, id, true);
      if (!row) throw new DomainError(GeneralError.NotFound);
      const now = this.clock.now();
      const to = callTransition(timingOf(row), transition, now);
      // A call is decided once every application still in the running has a confirmed decision (two people each).
      if (transition === 'decide') assertEveryApplicationDecided(await this.calls.decisionStatuses(manager, id));
      await this.calls.setStatus(manager, id, to, now);
      await this.audit.record(manager, { action: TRANSITION_ACTIONS[transition], actor: actor(caller), subject: { type: 'call', id }, data: { from: row.status, to } });
      return callView((await this.calls.find(manager, id))!, now);
    });
  }

  async listPublic(): Promise<PublicCallListItem[]> {
    const now = this.clock.now();
    return (await this.calls.listPublic(this.dataSource.manager, CALL_LIST_MAX)).map((row) => publicCallListItem(row, now));
  }

  /** A call's public page; 404 for a draft or an archived call, as for one that does not exist. */
  async viewPublic(id: string): Promise<PublicCallView> {
    const row = await this.calls.findPublic(this.dataSource.manager, id);
    if (!row) throw new DomainError(GeneralError.NotFound);
    return publicCallView(row, this.clock.now());
  }
}
