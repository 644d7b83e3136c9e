/**
 * Sending a request (docs/cases-api.md "Intake"), every secret step in the crypto worker:
 * 1. a new receipt code and its keys (Argon2id) for this instance;
 * 2. the routing rules and the desk directory; routeRequest picks the desk, and intake takes
 *    the request when that desk has no certified key yet (receivingDesk, as the api does);
 * 3. the worker verifies the intake and routed desks' whole key histories up to the root built
 *    into this app (libs/crypto SPEC.md §8.2: every version linked from the one before or
 *    approved by a second admin, none revoked, none older than this browser saw before) before
 *    it makes a case key, then encrypts and signs the form and seals the case key to each desk's
 *    newest version and to the requester; this browser remembers the versions it verified;
 * 4. POST /intake. When no answer comes back (the connection broke, or the server failed), the
 *    request may well be stored: the page keeps the sealed body and can send the very same bytes
 *    again, which the api answers with the same success without storing anything twice
 *    (docs/cases-api.md "Intake", retries). Anything else the api refuses is final.
 * Files go after the case exists: receipt sign-in with the keys the worker holds, then one
 * FileUpload each.
 */
import { type IntakeRequest, type RequestForm, type RoutingRule, type RoutingRuleView, INTAKE_DESK_SLUG, receivingDesk, requestRoutingFacts, routeRequest, routingRuleSchema } from '@ashar/domain';
import { ApiError } from '../../api/client';
import { listDesks } from '../../api/desks';
import { keyRevocations } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { deskToSealTo, rememberDesks } from '../../crypto/desk-memory';
import { type DeskToSealTo } from '../../crypto/requester-worker-api';
import { intakeConfig, requesterChallenge, requesterSignIn, routingRules, submitIntake } from './portal-api';
import { words } from './words';
import { PortalError } from './portal-errors';
import { powReady } from '../../api/proof-of-work';

export type SendStage = 'keys' | 'desks' | 'encrypt' | 'prepare' | 'send';

export interface SentRequest {
  readonly code: string;
  readonly caseId: string;
  readonly kid: string;
}

/** A request sealed and ready to go: the body (ciphertext, public keys, signatures) and its receipt. */
export interface SealedRequest {
  readonly code: string;
  readonly kid: string;
  readonly body: IntakeRequest;
}

/**
 * The request went out but no answer said whether it was stored: no answer at all, or a server
 * failure (5xx). `sealed` may be sent again as it is (deliverRequest); the receipt keys stay in
 * the worker meanwhile.
 */
export class UnconfirmedSend extends Error {
  override readonly name = 'UnconfirmedSend';
  constructor(
    readonly sealed: SealedRequest,
    readonly failure: ApiError,
  ) {
    super(failure.message);
  }
}

/** The portal's rollback memory is the browser's own (no person is signed in). */
const PORTAL_MEMORY = null;

type DeskDirectory = Awaited<ReturnType<typeof listDesks>>;

/** Whether the desk can receive requests now: it has a current certified key. */
export function deskCanReceive(directory: DeskDirectory, slug: string): boolean {
  return Boolean(directory.find((d) => d.slug === slug)?.key);
}

/** What the portal says, before any form, when not even the intake desk can receive. */
/** Key (portal namespace) of what is said when not even intake can receive: nothing could be sent. */
export const NOBODY_CAN_RECEIVE = 'error.nobodyCanReceive';

async function deskBySlug(directory: DeskDirectory, slug: string): Promise<DeskToSealTo> {
  const desk = directory.find((d) => d.slug === slug);
  if (!desk?.key) throw new PortalError(words(NOBODY_CAN_RECEIVE));
  return deskToSealTo(desk.id, PORTAL_MEMORY);
}

/** The rules as the domain reads them; one the domain could not have written is left out (the api routes by its own copy anyway). */
function validRules(views: readonly RoutingRuleView[]): RoutingRule[] {
  return views.flatMap(({ id: _id, ...rule }) => {
    const parsed = routingRuleSchema.safeParse(rule);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Sends `form`, with the requester's subject line (checked by checkSubject; null: none) sealed in the worker beside it. */
export async function sendRequest(form: RequestForm, subject: string | null, onStage: (stage: SendStage) => void): Promise<SentRequest> {
  const root = ROOT_PUBLIC_KEY;
  if (!root) throw new PortalError(words('error.noRootKeySend'));
  const worker = cryptoWorker();

  onStage('keys');
  // The routing rules, desks and revocations are asked for at once, while the receipt keys are made: one round trip fewer on a slow link.
  const routingAnswers = Promise.all([routingRules(), listDesks(), keyRevocations()]);
  void routingAnswers.catch(() => undefined);
  const config = await intakeConfig();
  const receipt = await worker.newReceipt(config.instanceId);

  onStage('desks');
  const [rules, directory, revocations] = await routingAnswers;
  const facts = requestRoutingFacts(form);
  // A desk that cannot receive yet gives way to intake, as the api decides too (receivingDesk).
  const routed = receivingDesk(routeRequest(validRules(rules), facts).deskSlug, (slug) => deskCanReceive(directory, slug));
  const [intakeDesk, routedDesk] = await Promise.all([deskBySlug(directory, INTAKE_DESK_SLUG), deskBySlug(directory, routed)]);

  onStage('encrypt');
  const { body, seen } = await worker.sealIntake({
    root,
    form,
    routing: { country: facts.country, language: facts.language },
    intakeDesk,
    routedDesk,
    revocations,
    recordCiphertextMaxLength: config.recordCiphertextMaxLength,
    subject,
  });
  rememberDesks(PORTAL_MEMORY, seen);

  // The proof of work intake wants, started when the review step showed: usually ready by now.
  onStage('prepare');
  await powReady('intake');
  onStage('send');
  return deliverRequest({ code: receipt.code, kid: receipt.kid, body });
}

/**
 * POST /intake of a sealed request, first time or again. Throws UnconfirmedSend when no answer
 * told whether it was stored; the api's other refusals as they are.
 */
export async function deliverRequest(sealed: SealedRequest): Promise<SentRequest> {
  try {
    await submitIntake(sealed.body);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 0 || error.status >= 500)) throw new UnconfirmedSend(sealed, error);
    throw error;
  }
  return { code: sealed.code, caseId: sealed.body.caseId, kid: sealed.kid };
}

/** Receipt sign-in with the keys the worker holds (after intake, or again when the session ended). */
export async function signInWithHeldKeys(kid: string): Promise<void> {
  const challenge = await requesterChallenge(kid);
  // The worker refuses a challenge for another instance than its keys were derived for.
  const signature = await cryptoWorker().signReceiptChallenge(challenge.instanceId, challenge.challenge);
  await requesterSignIn(challenge.ceremonyId, signature);
}
