import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type CaseKey,
  type JsonValue,
  type RequesterKeys,
  type SignPublicKey,
  type VerifiedDesk,
  deriveRequesterKeys,
  encodePublicKey,
  encryptRecord,
  generateCaseKey,
  generateReceiptCode,
  parseSignPublicKey,
  requesterPublicKeys,
  sealCaseKey,
  verifyDeskHistory,
  verifyRevocations,
} from '@ashar/crypto';
import {
  type IntakeRequest,
  type NoScriptRequest,
  CASE_RECORD_CIPHERTEXT_MAX_LENGTH,
  DomainError,
  GeneralError,
  INTAKE_DESK_SLUG,
  NO_SCRIPT_CHANNEL,
  intakeRequestSchema,
  requestRoutingFacts,
} from '@ashar/domain';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { INSTANCE_ID } from '../database';
import { DeskService } from '../desks';
import { RevocationService } from '../keys';
import { RedisStore } from '../redis';
import { routeOver } from '../routing';
import { IntakeRepository } from './intake.repository';
import { IntakeService } from './intake.service';

/** Why the form's request was not taken; nothing was stored. */
export class NoScriptBudgetSpent extends Error {
  override readonly name = 'NoScriptBudgetSpent';
}

/** Attempts when the routing changed between the read here and the intake service's own. */
const ATTEMPTS = 2;

/**
 * The form without JavaScript (docs/decisions.md "No JavaScript (issue 15, item 10)"): the api
 * does, in memory, what the portal's crypto worker does for a browser that cannot — a new
 * receipt code and its keys (deriveRequesterKeys, the same Argon2id), routing (the same
 * routeRequest and receivingDesk over the same rules), the intake and routed desks' whole key
 * histories verified to ROOT_PUBLIC_KEY with the published revocations (SPEC.md §8.2, §8.3), a
 * new case key, the request record encrypted and signed with the receipt keys, the case key
 * sealed to both desks and the requester — and hands the sealed body to the same IntakeService
 * as POST /intake after the same schema, so that staff read it in format v1 like any other. The
 * clear text exists only in this call's memory: never stored, logged or put in an error; the
 * keys are zeroed when it returns (JavaScript strings cannot be, see the decision).
 *
 * A global budget per minute (Redis) is its only defence: no proof of work without JavaScript,
 * and behind Tor every sender shares one address.
 */
@Injectable()
export class NoScriptIntakeService {
  constructor(
    private readonly intake: IntakeService,
    private readonly context: IntakeRepository,
    private readonly desks: DeskService,
    private readonly revocations: RevocationService,
    private readonly redis: RedisStore,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
  ) {}

  /**
   * Counts one request in this minute's global budget; NoScriptBudgetSpent past
   * NOSCRIPT_INTAKE_PER_MINUTE. Redis away: RedisUnavailableError (the form then refuses too: its
   * only defence cannot be counted).
   */
  async spend(): Promise<void> {
    const window = Math.floor(Date.now() / 60_000);
    const key = this.redis.key('no-script-intake', String(window));
    const count = await this.redis.run(async (client) => {
      const [[, n]] = (await client.multi().incr(key).expire(key, 120).exec()) as [[unknown, number], [unknown, unknown]];
      return n;
    });
    if (count > this.config.NOSCRIPT_INTAKE_PER_MINUTE) throw new NoScriptBudgetSpent();
  }

  /** Seals `form` as the portal would and submits it; returns the receipt code (shown once, never kept). */
  async submit(form: NoScriptRequest): Promise<{ code: string; caseId: string }> {
    const rootText = this.config.ROOT_PUBLIC_KEY;
    if (!rootText) throw new DomainError(GeneralError.Unavailable, 'the form without JavaScript needs ROOT_PUBLIC_KEY');
    const root = parseSignPublicKey(rootText);
    const code = generateReceiptCode();
    const keys = deriveRequesterKeys(code, this.instanceId);
    try {
      for (let attempt = 1; ; attempt += 1) {
        const body = await this.seal(form, keys, root);
        try {
          const { caseId } = await this.intake.submit(body, { channel: NO_SCRIPT_CHANNEL });
          return { code: code as string, caseId };
        } catch (err) {
          // The routing or a desk key changed between this read and the intake service's: seal again.
          if (attempt < ATTEMPTS && err instanceof DomainError && err.code === GeneralError.Validation) continue;
          throw err;
        }
      }
    } finally {
      keys.encSk.fill(0);
      keys.signSk.fill(0);
    }
  }

  private async seal(form: NoScriptRequest, keys: RequesterKeys, root: SignPublicKey): Promise<IntakeRequest> {
    const facts = requestRoutingFacts(form as never);
    const context = await this.context.context();
    const deskIds = new Map([...context.desks].map(([slug, desk]) => [slug, desk.id]));
    const route = routeOver(context.rules, deskIds, facts, (slug) => Boolean(context.desks.get(slug)?.key));
    const now = new Date();
    const revocations = verifyRevocations(await this.revocations.list(), root, now);
    const verified = async (deskId: string): Promise<VerifiedDesk> => {
      const history = await this.desks.history(deskId);
      try {
        return verifyDeskHistory(deskId, history.versions, root, now, { revocations }).current;
      } catch {
        throw new DomainError(GeneralError.Unavailable, 'a desk’s key history does not verify to the root key');
      }
    };
    const intakeDesk = await verified(route.intakeDeskId);
    const routedDesk = route.routedDeskId === route.intakeDeskId ? intakeDesk : await verified(route.routedDeskId);
    if (route.intakeDeskId !== deskIds.get(INTAKE_DESK_SLUG)) throw new DomainError(GeneralError.Unavailable);

    const caseId = randomUUID();
    const recordId = randomUUID();
    const caseKey: CaseKey = generateCaseKey();
    try {
      const record = encryptRecord(caseKey, { caseId, recordId, recordKind: 'request' }, form as unknown as JsonValue, keys);
      if (record.ciphertext.length > CASE_RECORD_CIPHERTEXT_MAX_LENGTH) throw new DomainError(GeneralError.Validation, 'the request is too large');
      const deskEnvelope = (desk: VerifiedDesk) => ({ ...sealCaseKey(caseKey, caseId, desk, keys), recipient: { kind: 'desk' as const, deskId: desk.deskId, version: desk.version } });
      const body = {
        caseId,
        requestType: form.type,
        country: facts.country,
        language: facts.language,
        requester: { encPk: encodePublicKey(keys.encPk), signPk: encodePublicKey(keys.signPk) },
        record: { id: recordId, ciphertext: record.ciphertext, authorKid: record.authorKid },
        envelopes: [
          ...(intakeDesk.deskId === routedDesk.deskId ? [deskEnvelope(intakeDesk)] : [deskEnvelope(intakeDesk), deskEnvelope(routedDesk)]),
          { ...sealCaseKey(caseKey, caseId, requesterPublicKeys(keys), keys), recipient: { kind: 'requester' as const } },
        ],
      };
      // The same schema POST /intake validates its body with, before the same service.
      const parsed = intakeRequestSchema.safeParse(body);
      if (!parsed.success) throw new DomainError(GeneralError.Validation, 'the sealed request does not match the intake schema');
      return parsed.data;
    } finally {
      caseKey.fill(0);
    }
  }
}
