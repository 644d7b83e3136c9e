import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type SignPublicKey, checkCiphertextFormat, isCryptoError, kidOf } from '@ashar/crypto';
import {
  type ProgrammeRefereeLetter,
  type ProgrammeReferees,
  type RefereeFacts,
  type RefereeLetter,
  type RefereeLinkView,
  type RefereeName,
  type RequesterPrincipal,
  type RequesterReferees,
  type StaffPrincipal,
  DomainError,
  GeneralError,
  PROGRAMME_DESK_SLUG,
  REFEREE_LINK_DAYS,
  REFEREES_MAX,
  accessibleWhere,
  defineAbilityFor,
  notificationStart,
} from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { CallDeadline, Clock } from '../calls';
import { encKidOf, requireEnvelope, signKeyOf } from '../cases';
import { uniqueViolationOf } from '../database';
import { DeskRepository } from '../desks';
import {
  APPLICATION_COLUMNS,
  type ApplicationOfReferees,
  type LinkRow,
  type NewRefereeEnvelope,
  type RefereeEnvelopeRow,
  RefereeRepository,
  type RefereeRow,
} from './referee.repository';

const DAY_MS = 86_400_000;
/** A link's token is hashed before it is looked up or stored, as invitations' and setup tokens are. */
const hashToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
/** Unknown, expired or revoked links, and links of a withdrawn application, answer alike: nothing tells them apart. */
const linkNotValid = () => new DomainError(GeneralError.NotFound, 'This referee link is not valid: it may have expired or been withdrawn by the applicant.');

type DeskEnvelope = { sealedKey: string; sealerKid: string; signature: string; recipient: { kind: 'desk'; deskId: string; version: number } };

/**
 * Referees of applications (docs/calls.md "Referees"). The applicant names a referee until the
 * call's deadline and hands the one-time link on; the server keeps the token's hash only. The
 * referee's browser seals the letter to the programme desk's current certified key, and nothing
 * of it ever reaches the applicant. The server checks what it can see (formats, signers, that
 * every desk envelope is to the programme desk's current key) and refuses the rest, writing
 * nothing. Every change and every read of ciphertext is audited, with ids only. Times come from
 * the api's Clock, so tests move them.
 */
@Injectable()
export class RefereesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referees: RefereeRepository,
    private readonly desks: DeskRepository,
    private readonly deadline: CallDeadline,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * The signed-in applicant names a referee, until the call's deadline, at most REFEREES_MAX not
   * revoked. Answers the link's token this once; the link ends after REFEREE_LINK_DAYS or at the
   * end of the call's decision date in its zone, whichever comes first.
   */
  async name(caller: RequesterPrincipal, body: RefereeName): Promise<{ refereeId: string; token: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const application = await this.ownApplication(manager, caller, 'update');
        await this.deadline.assertOpen(manager, application.call_id);
        if (application.status !== 'submitted') throw new DomainError(GeneralError.Conflict, 'This application was withdrawn');
        if ((await this.referees.countActive(manager, application.id)) >= REFEREES_MAX) {
          throw new DomainError(GeneralError.Conflict, `An application names at most ${REFEREES_MAX} referees; revoke one to name another`);
        }
        const keys = await this.referees.applicantKeys(manager, caller.requesterId);
        if (!keys) throw new DomainError(GeneralError.NotFound);
        const signPk = signKeyOf(keys.sign_pk, 'your key');
        requireRecord(body.details, signPk, 'details');
        const { requester, desk } = splitEnvelopes(body.envelopes);
        requireEnvelope(requester, body.refereeId, signPk, encKidOf(keys.enc_pk), 'your envelope');
        await this.requireProgrammeEnvelope(manager, desk, body.refereeId, signPk);
        const at = toMinute(this.clock.now());
        const expiresAt = await this.expiryOf(manager, application.call_id, at);
        const envelopes: NewRefereeEnvelope[] = body.envelopes.map((g) => ({
          deskId: g.recipient.kind === 'desk' ? g.recipient.deskId : null,
          deskKeyVersion: g.recipient.kind === 'desk' ? g.recipient.version : null,
          sealedKey: g.sealedKey,
          sealerKid: g.sealerKid,
          signature: g.signature,
        }));
        await this.referees.insert(manager, { id: body.refereeId, applicationId: application.id, tokenHash: hashToken(token), details: body.details, at, expiresAt }, envelopes);
        await this.audit.record(manager, {
          action: 'referee.named',
          actor: { kind: 'requester', id: caller.requesterId },
          subject: { type: 'referee', id: body.refereeId },
          data: { applicationId: application.id },
        });
        return { refereeId: body.refereeId, token, expiresAt: expiresAt.toISOString() };
      });
    } catch (err) {
      if (uniqueViolationOf(err)) throw new DomainError(GeneralError.Conflict, 'a referee with this id exists; choose another id');
      throw err;
    }
  }

  /** The applicant's referees: status and times, and the details they wrote with their own envelope. Never a letter (audited). */
  async listOfRequester(caller: RequesterPrincipal): Promise<RequesterReferees> {
    return this.dataSource.transaction(async (manager) => {
      const application = await this.ownApplication(manager, caller, 'read');
      const rows = await this.referees.ofApplication(manager, application.id);
      const envelopes = byReferee(await this.referees.requesterEnvelopes(manager, rows.map((r) => r.id)));
      await this.audit.record(manager, {
        action: 'referee.details_read',
        actor: { kind: 'requester', id: caller.requesterId },
        subject: { type: 'application', id: application.id },
        data: { referees: rows.length },
      });
      const now = this.clock.now();
      return {
        items: rows.map((r) => {
          const own = envelopes.get(r.id)?.[0];
          if (!own) throw new Error(`referee ${r.id} lacks the applicant's envelope`);
          return { ...factsOf(r, now), details: detailsOf(r), envelope: storedOf(own) };
        }),
      };
    });
  }

  /** The applicant withdraws a link not used yet (an expired one too, freeing its place), until the call's deadline. */
  async revoke(caller: RequesterPrincipal, refereeId: string): Promise<RefereeFacts> {
    return this.dataSource.transaction(async (manager) => {
      const application = await this.ownApplication(manager, caller, 'update');
      const row = await this.referees.ofApplicationForUpdate(manager, application.id, refereeId);
      if (!row) throw new DomainError(GeneralError.NotFound);
      await this.deadline.assertOpen(manager, application.call_id);
      if (row.status !== 'invited') throw new DomainError(GeneralError.Conflict, row.status === 'revoked' ? 'This link was already revoked' : 'This referee has sent their letter');
      const revoked = await this.referees.revoke(manager, row.id, toMinute(this.clock.now()));
      await this.audit.record(manager, {
        action: 'referee.revoked',
        actor: { kind: 'requester', id: caller.requesterId },
        subject: { type: 'referee', id: row.id },
        data: { applicationId: application.id },
      });
      return factsOf(revoked, this.clock.now());
    });
  }

  /**
   * What a referee's link is for: the slot, the application and call, and the programme desk's
   * current certified key version to seal the letter to. 404 for an unknown, expired or revoked
   * link; 409 once the letter is in.
   */
  async openLink(token: string): Promise<RefereeLinkView> {
    const manager = this.dataSource.manager;
    const row = await this.referees.byToken(manager, hashToken(token), false);
    this.requireLive(row);
    const deskId = await this.referees.deskIdOf(manager, PROGRAMME_DESK_SLUG);
    const key = deskId ? await this.desks.currentCertifiedKey(deskId, manager) : null;
    if (!deskId || !key) throw new DomainError(GeneralError.Unavailable, 'The programme desk has no usable key right now. Try again later.');
    return { refereeId: row.id, applicationId: row.application_id, callId: row.call_id, expiresAt: row.expires_at.toISOString(), desk: { deskId, version: key.version } };
  }

  /**
   * The referee's letter, once: the record signed by the key their browser made for it, its key
   * sealed to the programme desk's current certified key only. 404 for a link that is not live,
   * 409 for a second letter, 422 for anything else wrong; a refusal writes nothing.
   */
  async sendLetter(body: RefereeLetter): Promise<{ refereeId: string; letterId: string }> {
    const signPk = signKeyOf(body.signPk, 'signPk');
    requireRecord(body.record, signPk, 'record');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const row = await this.referees.byToken(manager, hashToken(body.token), true);
        this.requireLive(row);
        await this.requireProgrammeEnvelope(manager, body.envelope, body.letterId, signPk);
        const at = toMinute(this.clock.now());
        await this.referees.insertLetter(
          manager,
          { refereeId: row.id, id: body.letterId, ciphertext: body.record.ciphertext, authorKid: body.record.authorKid, signPk: body.signPk, at },
          { deskId: body.envelope.recipient.deskId, deskKeyVersion: body.envelope.recipient.version, sealedKey: body.envelope.sealedKey, sealerKid: body.envelope.sealerKid, signature: body.envelope.signature },
        );
        await this.audit.record(manager, {
          action: 'referee.letter_received',
          actor: { kind: 'anonymous' },
          subject: { type: 'referee', id: row.id },
          data: { applicationId: row.application_id, letterId: body.letterId },
        });
        return { refereeId: row.id, letterId: body.letterId };
      });
    } catch (err) {
      if (uniqueViolationOf(err)) throw new DomainError(GeneralError.Conflict, 'a letter with this id exists; choose another id');
      throw err;
    }
  }

  /** An application's referees for a programme manager: status, the applicant's details record and its envelopes for the reader's desk keys (audited). */
  async listForProgramme(caller: StaffPrincipal, applicationId: string): Promise<ProgrammeReferees> {
    return this.dataSource.transaction(async (manager) => {
      const where = accessibleWhere(defineAbilityFor(caller), 'read', 'FellowshipApplication', APPLICATION_COLUMNS, { paramOffset: 1 });
      const application = await this.referees.application(manager, applicationId, where);
      if (!application) throw new DomainError(GeneralError.NotFound);
      const rows = await this.referees.ofApplication(manager, application.id);
      const ids = rows.map((r) => r.id);
      const envelopes = byReferee(await this.referees.deskEnvelopesFor(manager, ids, 'details', caller.userId));
      const letters = await this.referees.letterIds(manager, ids);
      await this.audit.record(manager, {
        action: 'referee.details_read',
        actor: { kind: 'staff', id: caller.userId },
        subject: { type: 'application', id: application.id },
        data: { callId: application.call_id, referees: rows.length },
      });
      const now = this.clock.now();
      return {
        applicationId: application.id,
        items: rows.map((r) => ({
          ...factsOf(r, now),
          details: detailsOf(r),
          envelopes: (envelopes.get(r.id) ?? []).map(deskEnvelopeOf),
          letterId: letters.get(r.id) ?? null,
        })),
      };
    });
  }

  /** A referee's letter for a programme manager: the ciphertext, the referee's signing key and the envelopes for the reader's desk keys (audited). */
  async letterForProgramme(caller: StaffPrincipal, refereeId: string): Promise<ProgrammeRefereeLetter> {
    return this.dataSource.transaction(async (manager) => {
      const where = accessibleWhere(defineAbilityFor(caller), 'read', 'FellowshipApplication', APPLICATION_COLUMNS, { paramOffset: 1 });
      const row = await this.referees.find(manager, refereeId, where);
      const letter = row ? await this.referees.letter(manager, row.id) : null;
      if (!row || !letter) throw new DomainError(GeneralError.NotFound);
      const envelopes = await this.referees.deskEnvelopesFor(manager, [row.id], 'letter', caller.userId);
      await this.audit.record(manager, {
        action: 'referee.letter_read',
        actor: { kind: 'staff', id: caller.userId },
        subject: { type: 'referee', id: row.id },
        data: { applicationId: row.application_id, letterId: letter.id },
      });
      return {
        refereeId: row.id,
        applicationId: row.application_id,
        letter: { id: letter.id, ciphertext: letter.ciphertext, authorKid: letter.author_kid, signPk: letter.sign_pk, createdAt: letter.created_at.toISOString() },
        envelopes: envelopes.map(deskEnvelopeOf),
      };
    });
  }

  /** A link is live: it exists, is not revoked, has not expired by the Clock, and its application is not withdrawn; 409 once the letter is in. */
  private requireLive(row: LinkRow | null): asserts row is LinkRow {
    if (!row || row.status === 'revoked' || row.application_status !== 'submitted') throw linkNotValid();
    if (row.status === 'letter_received') throw new DomainError(GeneralError.Conflict, 'The letter for this link has been received; a link takes one letter.');
    if (row.expires_at.getTime() <= this.clock.now().getTime()) throw linkNotValid();
  }

  /** When a link made at `at` ends: REFEREE_LINK_DAYS later, or at the end of the call's decision date in its zone if that is earlier. */
  private async expiryOf(manager: EntityManager, callId: string, at: Date): Promise<Date> {
    const lifetime = new Date(at.getTime() + REFEREE_LINK_DAYS * DAY_MS);
    const call = await this.referees.callDates(manager, callId);
    if (!call?.decision_on) return lifetime;
    const dayAfter = new Date(Date.parse(`${call.decision_on}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
    const end = notificationStart(dayAfter, call.time_zone);
    if (!end || end.getTime() >= lifetime.getTime()) return lifetime;
    if (end.getTime() <= at.getTime()) throw new DomainError(GeneralError.Conflict, 'The call’s decision date has passed: no referee can be named any more');
    return end;
  }

  /** The requester's application the ability lets them `action`; 404 otherwise. Locked FOR UPDATE for a change. */
  private async ownApplication(manager: EntityManager, caller: RequesterPrincipal, action: 'read' | 'update'): Promise<ApplicationOfReferees> {
    const where = accessibleWhere(defineAbilityFor(caller), action, 'FellowshipApplication', APPLICATION_COLUMNS, { paramOffset: 1 });
    const row = await this.referees.applicationOfRequester(manager, caller.requesterId, where, action === 'update');
    if (!row) throw new DomainError(GeneralError.NotFound);
    return row;
  }

  /**
   * A desk envelope must be for the programme desk, at its current certified key version, sealed
   * to that key and signed by `signPk`, bound to `id` (SPEC.md §9.1). No current key: 503.
   */
  private async requireProgrammeEnvelope(manager: EntityManager, envelope: DeskEnvelope, id: string, signPk: SignPublicKey): Promise<void> {
    const deskId = await this.referees.deskIdOf(manager, PROGRAMME_DESK_SLUG);
    if (!deskId) throw new DomainError(GeneralError.Unavailable, 'The programme desk does not exist. Ask the administrators.');
    if (envelope.recipient.deskId !== deskId) throw new DomainError(GeneralError.Validation, 'referees’ details and letters are sealed to the programme desk only; not to any other desk');
    const key = await this.desks.currentCertifiedKey(deskId, manager);
    if (!key) throw new DomainError(GeneralError.Unavailable, 'The programme desk has no usable key right now. Ask its lead and the administrators for a new key version.');
    if (envelope.recipient.version !== key.version) {
      throw new DomainError(GeneralError.Validation, `the envelope for the programme desk names key version ${envelope.recipient.version}; its current certified version is ${key.version}`);
    }
    requireEnvelope(envelope, id, signPk, encKidOf(key.enc_pk), 'the envelope for the programme desk');
  }
}

type Envelope = RefereeName['envelopes'][number];

/** Exactly one envelope to the applicant and one to a desk (the contract has two). */
function splitEnvelopes(envelopes: readonly Envelope[]): { requester: Envelope; desk: DeskEnvelope } {
  const requester = envelopes.filter((g) => g.recipient.kind === 'requester');
  const desk = envelopes.filter((g): g is Envelope & DeskEnvelope => g.recipient.kind === 'desk');
  if (requester.length !== 1 || desk.length !== 1) throw new DomainError(GeneralError.Validation, 'a referee’s details have one envelope for the applicant and one for the programme desk');
  return { requester: requester[0]!, desk: desk[0]! };
}

/** A well-formed `application` ciphertext (SPEC.md §4, §10.1) written under `signPk` (its kid). */
function requireRecord(record: { ciphertext: string; authorKid: string }, signPk: SignPublicKey, field: string): void {
  if (record.authorKid !== kidOf(signPk)) throw new DomainError(GeneralError.Validation, `${field}.authorKid is not the kid of the signing key`);
  try {
    checkCiphertextFormat('application', record.ciphertext);
  } catch (err) {
    if (isCryptoError(err)) throw new DomainError(GeneralError.Validation, `${field}.ciphertext is not a well-formed application ciphertext (${err.code})`);
    throw err;
  }
}

/** The status a person sees: an invited slot whose link's time has passed is `expired`. */
function factsOf(r: RefereeRow, now: Date): RefereeFacts {
  const expired = r.status === 'invited' && r.expires_at.getTime() <= now.getTime();
  return {
    id: r.id,
    applicationId: r.application_id,
    status: expired ? 'expired' : r.status,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    letterAt: r.letter_at ? r.letter_at.toISOString() : null,
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
  };
}

function detailsOf(r: RefereeRow): { ciphertext: string; authorKid: string } {
  return { ciphertext: r.details, authorKid: r.details_author_kid };
}

function byReferee(rows: RefereeEnvelopeRow[]): Map<string, RefereeEnvelopeRow[]> {
  const out = new Map<string, RefereeEnvelopeRow[]>();
  for (const row of rows) out.set(row.referee_id, [...(out.get(row.referee_id) ?? []), row]);
  return out;
}

function storedOf(e: RefereeEnvelopeRow): { sealedKey: string; sealerKid: string; signature: string } {
  return { sealedKey: e.sealed_key, sealerKid: e.sealer_kid, signature: e.signature };
}

function deskEnvelopeOf(e: RefereeEnvelopeRow) {
  return { ...storedOf(e), deskId: e.desk_id!, version: e.desk_key_version!, createdAt: e.created_at.toISOString() };
}

/** `at` without its seconds: requester activity is kept to the minute (docs/decisions.md, "Requester times"). */
function toMinute(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}
