import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type JsonValue, type SignPublicKey, canonicalJson, checkSubjectFormat, kidOf } from '@ashar/crypto';
import { type IntakeRequest, type NO_SCRIPT_CHANNEL, firstResponseDueAt, DomainError, GeneralError } from '@ashar/domain';
import { toAuditFields } from '../audit';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { uniqueViolationOf } from '../database';
import { QUEUES } from '../jobs';
import { routeOver } from '../routing';
import { encKidOf, requireEnvelope, requireRecordCiphertext, signKeyOf } from './case-checks';
import { CASE_EVENTS } from './case-events.processor';
import { type IntakeContext, IntakeRepository } from './intake.repository';
import { slaCheckJob } from './sla-planner';

/** Urgency of a new request until someone triages it. */
export const INTAKE_URGENCY = 'normal' as const;


type IntakeEnvelope = IntakeRequest['envelopes'][number];
type DeskEnvelope = IntakeEnvelope & { recipient: { kind: 'desk' } };

/**
 * A requester's submission. The browser made everything secret; the server checks what it
 * can see (formats, the kids sealed keys are addressed to, the envelope signatures by the
 * requester's key), routes the request itself and refuses envelopes that do not reach the
 * intake desk and the routed desk at their current certified keys. The account, the case,
 * the request record, the envelopes, the follow-up jobs and the audit event are written by one
 * statement, so a refusal leaves nothing behind. Nothing about the client is kept.
 *
 * Idempotent for the same body: the case keeps the SHA-256 of the canonical submission, and a
 * refusal (a taken id or receipt key, or a routing context that changed since) is first checked
 * against it. When the case was created from this very body, the first answer was lost on the
 * way: the retry gets the same 201 and nothing is written again. The same ids or receipt keys
 * with any other body stay a 409.
 */
@Injectable()
export class IntakeService {
  /** The routing rules and desk keys read by the last submission that read them (see submit). */
  private context: IntakeContext | undefined;

  constructor(
    private readonly intake: IntakeRepository,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {}

  /**
   * `channel` 'no-script': the api itself sealed this request (the form without JavaScript,
   * NoScriptIntakeService); the audit event says so, beside the flag inside the sealed form.
   */
  async submit(body: IntakeRequest, options: { channel?: typeof NO_SCRIPT_CHANNEL } = {}): Promise<{ caseId: string }> {
    const { caseId } = body;
    const signPk = signKeyOf(body.requester.signPk, 'requester.signPk');
    const signKid = kidOf(signPk);
    let requesterEncKid: string;
    try {
      requesterEncKid = encKidOf(body.requester.encPk);
    } catch {
      throw new DomainError(GeneralError.Validation, 'requester.encPk is not a public key');
    }
    if (body.record.authorKid !== signKid) throw new DomainError(GeneralError.Validation, 'record.authorKid is not the kid of requester.signPk');
    requireRecordCiphertext(body.record.ciphertext, 'record.ciphertext');
    if (body.record.epoch !== undefined && body.record.epoch !== 1) throw new DomainError(GeneralError.Validation, 'record.epoch: a new case starts at key epoch 1');
    if (body.subject !== undefined) {
      try {
        checkSubjectFormat(body.subject);
      } catch {
        throw new DomainError(GeneralError.Validation, 'subject is not a sealed subject line');
      }
    }

    const requesterEnvelopes = body.envelopes.filter((g) => g.recipient.kind === 'requester');
    if (requesterEnvelopes.length !== 1) throw new DomainError(GeneralError.Validation, 'exactly one envelope must be for the requester');
    requireEnvelope(requesterEnvelopes[0]!, caseId, signPk, requesterEncKid, 'the requester’s envelope');
    const deskEnvelopes = body.envelopes.filter((g): g is DeskEnvelope => g.recipient.kind === 'desk');
    if (new Set(deskEnvelopes.map((g) => g.recipient.deskId)).size !== deskEnvelopes.length) throw new DomainError(GeneralError.Validation, 'a desk is sealed the case key twice');

    const digest = intakeDigest(body);
    const requesterId = randomUUID();
    /** Routes and checks against `context`, then writes; false when the context changed meanwhile. */
    const store = (context: IntakeContext): Promise<boolean> => {
      const deskIds = new Map([...context.desks].map(([slug, desk]) => [slug, desk.id]));
      // A routed desk without a current certified key cannot receive: the request goes to intake alone (receivingDesk).
      const route = routeOver(context.rules, deskIds, { type: body.requestType, country: body.country, language: body.language }, (slug) => Boolean(context.desks.get(slug)?.key));
      const required = [...new Set([route.intakeDeskId, route.routedDeskId])];
      const keys = new Map([...context.desks.values()].map((desk) => [desk.id, desk.key]));
      checkDeskEnvelopes(caseId, deskEnvelopes, required, route.routedDeskSlug, keys, signPk);
      // To the minute, as every requester-caused time (the database keeps it so too); the due
      // time is computed from it and must not give the precise time back.
      const createdAt = toMinute(new Date());
      const due = firstResponseDueAt(INTAKE_URGENCY, createdAt);
      return this.intake.insert({
        contextVersion: context.version,
        requesterId,
        requester: { signKid, encPk: body.requester.encPk, signPk: body.requester.signPk },
        caseId,
        requestType: body.requestType,
        country: body.country,
        language: body.language,
        urgency: INTAKE_URGENCY,
        ownerDeskId: route.routedDeskId,
        collaboratorDeskIds: required.filter((id) => id !== route.routedDeskId),
        createdAt,
        firstResponseDueAt: due,
        digest,
        record: { id: body.record.id, ciphertext: body.record.ciphertext },
        subject: body.subject ?? null,
        envelopes: body.envelopes.map((envelope) => {
          const desk = envelope.recipient.kind === 'desk' ? envelope.recipient : null;
          return {
            recipientKind: desk ? 'desk' : 'requester',
            recipientId: desk ? desk.deskId : null,
            deskKeyVersion: desk ? desk.version : null,
            sealedKey: envelope.sealedKey,
            sealerKid: envelope.sealerKid,
            signature: envelope.signature,
          };
        }),
        // case-created only tells desks by e-mail: without SMTP it would be a job that does nothing.
        jobs: [...(this.config.SMTP_URL ? [{ queue: QUEUES.cases, name: CASE_EVENTS.created, payload: { caseId } }] : []), slaCheckJob(caseId, due)],
        audit: toAuditFields({
          action: 'case.created',
          actor: { kind: 'requester', id: requesterId },
          subject: { type: 'case', id: caseId },
          data: { requestType: body.requestType, ownerDeskId: route.routedDeskId, sealedDeskIds: required, ...(options.channel ? { channel: options.channel } : {}) },
        }),
      });
    };

    try {
      // The context read last time, if any; the write checks its version in its own snapshot.
      // A changed context, or a refusal that a changed context could explain, is redone on a
      // fresh read, which is what every submission did before the cache.
      const cached = this.context;
      if (cached) {
        try {
          if (await store(cached)) return { caseId };
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
        }
        if (this.context === cached) this.context = undefined;
      }
      // Each fresh read may meet an administrator changing rules or keys between it and the write.
      for (let attempt = 0; attempt < FRESH_ATTEMPTS; attempt += 1) {
        const context = await this.intake.context();
        this.context = context;
        if (await store(context)) return { caseId };
      }
      throw new DomainError(GeneralError.Unavailable, 'Routing is being changed right now. Nothing was stored. Send the request again in a moment.');
    } catch (err) {
      // No look-ups first: the unique constraints decide, and name what was taken. A refusal
      // that a stored copy of this very submission explains is the answer to a retry.
      const taken = uniqueViolationOf(err);
      if ((taken || err instanceof DomainError) && (await this.intake.stored(caseId, digest))) return { caseId };
      if (taken) throw new DomainError(GeneralError.Conflict, TAKEN[taken] ?? 'a case, record or receipt code with these ids exists');
      throw err;
    }
  }
}

/**
 * SHA-256 of the submission as canonical JSON (sorted keys, SPEC.md's canonicalJson), after the
 * contract's schema accepted it: a byte-identical retry, or the same members in another order,
 * gives the same digest; any other case id, key, record or envelope another.
 */
export function intakeDigest(body: IntakeRequest): Buffer {
  return createHash('sha256').update(canonicalJson(body as unknown as JsonValue)).digest();
}

/** `at` without its seconds: requester activity is kept to the minute (docs/decisions.md, "Requester times"). */
function toMinute(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

/** Fresh reads of the routing context one submission makes before it gives up (503). */
const FRESH_ATTEMPTS = 3;

/** What a unique constraint hit at intake means for the requester. */
const TAKEN: Record<string, string> = {
  requesters_sign_kid_key: 'this receipt code is already in use; start a new request with a new code',
  aid_cases_pkey: 'a case with this id exists; choose another id',
  case_records_pkey: 'a record with this id exists; choose another id',
};

/** Desk envelopes must be exactly the intake and routed desks, each sealed to its current certified key. */
function checkDeskEnvelopes(
  caseId: string,
  envelopes: DeskEnvelope[],
  required: string[],
  routedSlug: string,
  keys: ReadonlyMap<string, { version: number; encPk: string } | null>,
  signPk: SignPublicKey,
): void {
  const missing = required.filter((deskId) => !envelopes.some((g) => g.recipient.deskId === deskId));
  if (missing.length > 0) {
    throw new DomainError(GeneralError.Validation, `the case key must be sealed to the intake desk and to the desk the request is routed to (${routedSlug}); missing: ${missing.join(', ')}`);
  }
  const extra = envelopes.filter((g) => !required.includes(g.recipient.deskId));
  if (extra.length > 0) throw new DomainError(GeneralError.Validation, `a new case is sealed only to the intake desk and the routed desk (${routedSlug}); not to ${extra.map((g) => g.recipient.deskId).join(', ')}`);
  for (const envelope of envelopes) {
    const key = keys.get(envelope.recipient.deskId);
    if (!key) throw new DomainError(GeneralError.Unavailable, 'A desk the request must go to has no usable key: none is published yet, or its current one was revoked. Ask its lead and the administrators for a new key version.');
    if (envelope.recipient.version !== key.version) {
      throw new DomainError(GeneralError.Validation, `the envelope for desk ${envelope.recipient.deskId} names key version ${envelope.recipient.version}; its current certified version is ${key.version}`);
    }
    requireEnvelope(envelope, caseId, signPk, encKidOf(key.encPk), `the envelope for desk ${envelope.recipient.deskId}`);
  }
}
