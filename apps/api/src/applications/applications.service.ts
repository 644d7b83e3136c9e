import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type JsonValue, type SignPublicKey, canonicalJson, checkCiphertextFormat, isCryptoError, kidOf } from '@ashar/crypto';
import {
  type ApplicationFacts,
  type ApplicationList,
  type ApplicationRevision,
  type ApplicationSubmit,
  type ProgrammeApplicationView,
  type RequesterApplicationView,
  type RequesterPrincipal,
  type StaffPrincipal,
  APPLICATION_VERSIONS_MAX,
  CallReviewError,
  DomainError,
  GeneralError,
  PROGRAMME_DESK_SLUG,
  accessibleWhere,
  defineAbilityFor,
} from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { CallDeadline, Clock } from '../calls';
import { encKidOf, requireEnvelope, signKeyOf } from '../cases';
import { uniqueViolationOf } from '../database';
import { DeskRepository } from '../desks';
import { APPLICATION_COLUMNS, type ApplicationRow, ApplicationRepository, type EnvelopeRow, LIST_PARAMS, type NewEnvelope } from './application.repository';

type Envelope = ApplicationSubmit['envelopes'][number];

/** What a unique constraint hit on a new application means for the applicant. */
const TAKEN: Record<string, string> = {
  requesters_sign_kid_key: 'this receipt code is already in use; apply with a new code',
  call_applications_pkey: 'an application with this id exists; choose another id',
};

/**
 * Applications to calls (docs/calls.md "Applications"). The browser made everything secret; the
 * server checks what it can see: formats, that the record is signed by the applicant's key (its
 * kid), that the envelopes are exactly one to the programme desk's current certified key and one
 * to the applicant, both signed by the applicant, and the call's deadline by the api's Clock,
 * inside the same transaction as the write (the call row locked FOR SHARE, so a close waits).
 * A refusal writes nothing. Every read of ciphertext and every change is audited, with ids only.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly desks: DeskRepository,
    private readonly deadline: CallDeadline,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * A new application to call `callId`: the applicant's receipt keys become a requester account
   * (they come back with the receipt code and the requester sign-in), version 1 its record.
   * Idempotent for the same body: a refusal that a stored copy of this very submission explains
   * (its first answer was lost) answers 201 again and writes nothing.
   */
  async submit(callId: string, body: ApplicationSubmit): Promise<{ applicationId: string; version: number }> {
    const id = body.applicationId;
    const signPk = signKeyOf(body.applicant.signPk, 'applicant.signPk');
    let applicantEncKid: string;
    try {
      applicantEncKid = encKidOf(body.applicant.encPk);
    } catch {
      throw new DomainError(GeneralError.Validation, 'applicant.encPk is not a public key');
    }
    requireRecord(body.record, signPk, 'record');
    const { requester, desk } = splitEnvelopes(body.envelopes);
    requireEnvelope(requester, id, signPk, applicantEncKid, 'the applicant’s envelope');
    const digest = createHash('sha256')
      .update(canonicalJson({ callId, ...body } as unknown as JsonValue))
      .digest();
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.deadline.assertOpen(manager, callId);
        await this.requireProgrammeEnvelope(manager, desk, id, signPk);
        const at = toMinute(this.clock.now());
        const requesterId = await this.applications.createRequester(manager, { signKid: kidOf(signPk), encPk: body.applicant.encPk, signPk: body.applicant.signPk });
        await this.applications.insert(manager, { id, callId, requesterId, applicantKind: body.applicantKind, country: body.country, language: body.language, digest, at });
        await this.applications.insertVersion(manager, id, 1, body.record, envelopeRows(body.envelopes), at);
        await this.audit.record(manager, {
          action: 'application.submitted',
          actor: { kind: 'requester', id: requesterId },
          subject: { type: 'application', id },
          data: { callId, version: 1 },
        });
        return { applicationId: id, version: 1 };
      });
    } catch (err) {
      const taken = uniqueViolationOf(err);
      if ((taken || err instanceof DomainError) && (await this.applications.stored(this.dataSource.manager, id, digest))) return { applicationId: id, version: 1 };
      if (taken) throw new DomainError(GeneralError.Conflict, TAKEN[taken] ?? 'an application or account with these ids exists');
      throw err;
    }
  }

  /** A new version by the signed-in applicant, until the call's deadline; the old versions stay. */
  async revise(caller: RequesterPrincipal, body: ApplicationRevision): Promise<{ applicationId: string; version: number }> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.ownApplication(manager, caller, 'update');
      await this.deadline.assertOpen(manager, row.call_id);
      requireSubmitted(row);
      if (body.version !== row.version + 1) {
        throw new DomainError(GeneralError.Conflict, `the application is at version ${row.version}; read it again and send version ${row.version + 1}`);
      }
      if (body.version > APPLICATION_VERSIONS_MAX) throw new DomainError(GeneralError.Conflict, `an application keeps at most ${APPLICATION_VERSIONS_MAX} versions`);
      const keys = await this.applications.applicantKeys(manager, caller.requesterId);
      if (!keys) throw new DomainError(GeneralError.NotFound);
      const signPk = signKeyOf(keys.sign_pk, 'your key');
      requireRecord(body.record, signPk, 'record');
      const { requester, desk } = splitEnvelopes(body.envelopes);
      requireEnvelope(requester, row.id, signPk, encKidOf(keys.enc_pk), 'your envelope');
      await this.requireProgrammeEnvelope(manager, desk, row.id, signPk);
      const at = toMinute(this.clock.now());
      await this.applications.insertVersion(manager, row.id, body.version, body.record, envelopeRows(body.envelopes), at);
      await this.applications.setVersion(manager, row.id, body.version, at);
      await this.audit.record(manager, {
        action: 'application.revised',
        actor: { kind: 'requester', id: caller.requesterId },
        subject: { type: 'application', id: row.id },
        data: { callId: row.call_id, version: body.version },
      });
      return { applicationId: row.id, version: body.version };
    });
  }

  /** The signed-in applicant withdraws, until the call's deadline. */
  async withdraw(caller: RequesterPrincipal): Promise<ApplicationFacts> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.ownApplication(manager, caller, 'update');
      await this.deadline.assertOpen(manager, row.call_id);
      requireSubmitted(row);
      const withdrawn = await this.applications.withdraw(manager, row.id, toMinute(this.clock.now()));
      await this.audit.record(manager, {
        action: 'application.withdrawn',
        actor: { kind: 'requester', id: caller.requesterId },
        subject: { type: 'application', id: row.id },
        data: { callId: row.call_id, version: row.version },
      });
      return factsOf(withdrawn);
    });
  }

  /** The applicant's own application: its latest version, their envelope of its key, and the list of versions (audited). */
  async viewOfRequester(caller: RequesterPrincipal): Promise<RequesterApplicationView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.ownApplication(manager, caller, 'read');
      const latest = await this.applications.version(manager, row.id, row.version);
      const envelope = await this.applications.requesterEnvelope(manager, row.id, row.version);
      if (!latest || !envelope) throw new Error(`application ${row.id} lacks its version ${row.version} or the applicant's envelope`);
      const versions = await this.applications.versions(manager, row.id);
      await this.audit.record(manager, {
        action: 'application.read',
        actor: { kind: 'requester', id: caller.requesterId },
        subject: { type: 'application', id: row.id },
        data: { version: row.version },
      });
      return {
        application: factsOf(row),
        latest: versionOf(latest),
        envelope: storedOf(envelope),
        versions: versions.map((v) => ({ version: v.version, createdAt: v.created_at.toISOString() })),
      };
    });
  }

  /** A call's applications, metadata only, filtered in SQL; 404 for a call that does not exist. */
  async listOfCall(caller: StaffPrincipal, callId: string, query: { status?: ApplicationFacts['status']; country?: string; applicantKind?: ApplicationFacts['applicantKind']; after?: string; limit: number }): Promise<ApplicationList> {
    const manager = this.dataSource.manager;
    if (!(await this.applications.callExists(manager, callId))) throw new DomainError(GeneralError.NotFound);
    const where = accessibleWhere(defineAbilityFor(caller), 'read', 'FellowshipApplication', APPLICATION_COLUMNS, { paramOffset: LIST_PARAMS });
    const rows = await this.applications.listOfCall(manager, callId, query, where);
    return { items: rows.map(factsOf), next: rows.length === query.limit ? rows[rows.length - 1]!.id : null };
  }

  /**
   * One application for the programme: its latest version, the applicant's public keys and own
   * envelope (to check the key, as SPEC.md §9.1 does for a case), and the version's envelopes to
   * the programme-desk key versions the reader holds (audited).
   */
  async viewForProgramme(caller: StaffPrincipal, id: string): Promise<ProgrammeApplicationView> {
    return this.dataSource.transaction(async (manager) => {
      const where = accessibleWhere(defineAbilityFor(caller), 'read', 'FellowshipApplication', APPLICATION_COLUMNS, { paramOffset: 1 });
      const row = await this.applications.find(manager, id, where);
      // A programme manager who declared a conflict of interest on it no longer opens it (call-review.ts `mayReadApplication`).
      if (row && (await this.applications.conflicted(manager, row.id, caller.userId))) {
        throw new DomainError(CallReviewError.ConflictOfInterest, 'You declared a conflict of interest on this application', { applicationId: row.id });
      }
      if (!row?.requester_id) throw new DomainError(GeneralError.NotFound);
      const keys = await this.applications.applicantKeys(manager, row.requester_id);
      const latest = await this.applications.version(manager, row.id, row.version);
      const own = await this.applications.requesterEnvelope(manager, row.id, row.version);
      if (!keys || !latest || !own) throw new DomainError(GeneralError.NotFound);
      const envelopes = await this.applications.deskEnvelopesFor(manager, row.id, row.version, caller.userId);
      const versions = await this.applications.versions(manager, row.id);
      await this.audit.record(manager, {
        action: 'application.read',
        actor: { kind: 'staff', id: caller.userId },
        subject: { type: 'application', id: row.id },
        data: { callId: row.call_id, version: row.version },
      });
      return {
        application: factsOf(row),
        applicant: { encPk: keys.enc_pk, signPk: keys.sign_pk },
        applicantEnvelope: storedOf(own),
        latest: versionOf(latest),
        envelopes: envelopes.map((e) => ({ ...storedOf(e), deskId: e.desk_id!, version: e.desk_key_version!, createdAt: e.created_at.toISOString() })),
        versions: versions.map((v) => ({ version: v.version, createdAt: v.created_at.toISOString() })),
      };
    });
  }

  /** The requester's application the ability lets them `action`; 404 otherwise. Locked FOR UPDATE for a change. */
  private async ownApplication(manager: EntityManager, caller: RequesterPrincipal, action: 'read' | 'update'): Promise<ApplicationRow> {
    const where = accessibleWhere(defineAbilityFor(caller), action, 'FellowshipApplication', APPLICATION_COLUMNS, { paramOffset: 1 });
    const row = await this.applications.findOfRequester(manager, caller.requesterId, where, action === 'update');
    if (!row) throw new DomainError(GeneralError.NotFound);
    return row;
  }

  /**
   * The desk envelope must be for the programme desk, at its current certified key version, and
   * sealed to that key by the applicant: never the intake desk or any other. No current key: 503,
   * as intake answers when a desk it must seal to has none.
   */
  private async requireProgrammeEnvelope(manager: EntityManager, envelope: DeskEnvelope, applicationId: string, signPk: SignPublicKey): Promise<void> {
    const deskId = await this.applications.deskIdOf(manager, PROGRAMME_DESK_SLUG);
    if (!deskId) throw new DomainError(GeneralError.Unavailable, 'The programme desk does not exist. Ask the administrators.');
    if (envelope.recipient.deskId !== deskId) throw new DomainError(GeneralError.Validation, 'an application is sealed to the programme desk only; not to any other desk');
    const key = await this.desks.currentCertifiedKey(deskId, manager);
    if (!key) {
      throw new DomainError(GeneralError.Unavailable, 'The programme desk has no usable key: none is published yet, or its current one was revoked. Ask its lead and the administrators for a new key version.');
    }
    if (envelope.recipient.version !== key.version) {
      throw new DomainError(GeneralError.Validation, `the envelope for the programme desk names key version ${envelope.recipient.version}; its current certified version is ${key.version}`);
    }
    requireEnvelope(envelope, applicationId, signPk, encKidOf(key.enc_pk), 'the envelope for the programme desk');
  }
}

type DeskEnvelope = Envelope & { recipient: { kind: 'desk' } };

/** Exactly one envelope to the applicant and one to a desk (the contract has two). */
function splitEnvelopes(envelopes: readonly Envelope[]): { requester: Envelope; desk: DeskEnvelope } {
  const requester = envelopes.filter((g) => g.recipient.kind === 'requester');
  const desk = envelopes.filter((g): g is DeskEnvelope => g.recipient.kind === 'desk');
  if (requester.length !== 1 || desk.length !== 1) throw new DomainError(GeneralError.Validation, 'an application has one envelope for the applicant and one for the programme desk');
  return { requester: requester[0]!, desk: desk[0]! };
}

/** The record is a well-formed `application` ciphertext written under the applicant's signing key. */
function requireRecord(record: { ciphertext: string; authorKid: string }, signPk: SignPublicKey, field: string): void {
  if (record.authorKid !== kidOf(signPk)) throw new DomainError(GeneralError.Validation, `${field}.authorKid is not the kid of the applicant’s signing key`);
  try {
    checkCiphertextFormat('application', record.ciphertext);
  } catch (err) {
    if (isCryptoError(err)) throw new DomainError(GeneralError.Validation, `${field}.ciphertext is not a well-formed application ciphertext (${err.code})`);
    throw err;
  }
}

function requireSubmitted(row: ApplicationRow): void {
  if (row.status !== 'submitted') throw new DomainError(GeneralError.Conflict, 'This application was withdrawn');
}

function envelopeRows(envelopes: readonly Envelope[]): NewEnvelope[] {
  return envelopes.map((g) => ({
    deskId: g.recipient.kind === 'desk' ? g.recipient.deskId : null,
    deskKeyVersion: g.recipient.kind === 'desk' ? g.recipient.version : null,
    sealedKey: g.sealedKey,
    sealerKid: g.sealerKid,
    signature: g.signature,
  }));
}

function factsOf(row: ApplicationRow): ApplicationFacts {
  return {
    id: row.id,
    callId: row.call_id,
    applicantKind: row.applicant_kind,
    country: row.country,
    language: row.language,
    status: row.status,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    withdrawnAt: row.withdrawn_at ? row.withdrawn_at.toISOString() : null,
  };
}

function versionOf(v: { version: number; ciphertext: string; author_kid: string; created_at: Date }) {
  return { version: v.version, ciphertext: v.ciphertext, authorKid: v.author_kid, createdAt: v.created_at.toISOString() };
}

function storedOf(e: EnvelopeRow): { sealedKey: string; sealerKid: string; signature: string } {
  return { sealedKey: e.sealed_key, sealerKid: e.sealer_kid, signature: e.signature };
}

/** `at` without its seconds: requester activity is kept to the minute (docs/decisions.md, "Requester times"). */
function toMinute(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}
