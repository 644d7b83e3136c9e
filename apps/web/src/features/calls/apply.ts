/**
 * Sending an application and its later versions (docs/calls.md "What the browser makes"), every
 * secret step in the crypto worker, as the portal's intake does it (portal/submit-request.ts):
 * 1. a new receipt code and its keys (Argon2id) for this instance;
 * 2. the programme desk from the desk directory, its whole key history verified in the worker
 *    up to the root built into this app (never sealed to an older version than this browser saw);
 * 3. the record `{ version, callId, answers, organisation? }` signed with the receipt keys and
 *    encrypted under a new application key, sealed to the desk's newest version and to the
 *    applicant;
 * 4. POST /calls/:id/applications with a proof of work (`application`). When no answer came
 *    back (no connection, a server failure), the same sealed body may be sent again: the api
 *    answers a retry of the same body with the same success and stores nothing twice.
 * A new version (the applicant signed in with the receipt code) is sealed the same way under the
 * application key the worker opened, with the next version number.
 */
import { type ApplicationSubmit, CallError, PROGRAMME_DESK_SLUG } from '@ashar/domain';
import { ApiError, isApiError } from '../../api/client';
import { reviseApplication, requesterApplication, submitApplication, withdrawApplication } from '../../api/applications';
import { listDesks } from '../../api/desks';
import { keyRevocations } from '../../api/identity';
import { powReady } from '../../api/proof-of-work';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { deskToSealTo, rememberDesks } from '../../crypto/desk-memory';
import { type ApplicationContent, type SealedApplication } from '../../crypto/requester-worker-api';
import { type Words, PortalError, describePortalError, intakeConfig, words } from '../portal';
import { type CheckedApplication } from './application-model';

/** The portal's rollback memory is the browser's own (no person is signed in). */
const PORTAL_MEMORY = null;

export type ApplyStage = 'keys' | 'encrypt' | 'prepare' | 'send';

/** An application sealed and ready to go, and its receipt code. */
export interface SealedApplicationRequest {
  readonly callId: string;
  readonly code: string;
  readonly body: ApplicationSubmit;
}

/** The application went out but no answer said whether it was stored; `sealed` may be sent again as it is. */
export class UnconfirmedApplication extends Error {
  override readonly name = 'UnconfirmedApplication';
  constructor(
    readonly sealed: SealedApplicationRequest,
    readonly failure: ApiError,
  ) {
    super(failure.message);
  }
}

function needRoot(): string {
  if (!ROOT_PUBLIC_KEY) throw new PortalError(words('error.noRootKeySend'));
  return ROOT_PUBLIC_KEY;
}

/** The programme desk's content sealed in the worker for `version` (1: a new application and receipt keys made before). */
async function sealVersion(callId: string, version: number, content: ApplicationContent): Promise<SealedApplication> {
  const root = needRoot();
  const [directory, revocations, config] = await Promise.all([listDesks(), keyRevocations(), intakeConfig()]);
  const desk = directory.find((d) => d.slug === PROGRAMME_DESK_SLUG);
  // Without a certified programme-desk key nothing can be sealed; the api would answer 503 too.
  if (!desk?.key) throw new PortalError(words('calls:apply.error.noDesk'));
  const programmeDesk = await deskToSealTo(desk.id, PORTAL_MEMORY);
  const sealed = await cryptoWorker().sealApplication({ root, callId, version, content, programmeDesk, revocations, recordCiphertextMaxLength: config.recordCiphertextMaxLength });
  rememberDesks(PORTAL_MEMORY, sealed.seen);
  return sealed;
}

/** Seals and sends a new application to `callId`; resolves with the receipt code to show. */
export async function sendApplication(callId: string, checked: CheckedApplication, onStage: (stage: ApplyStage) => void): Promise<{ code: string; applicationId: string }> {
  needRoot();
  onStage('keys');
  const config = await intakeConfig();
  const receipt = await cryptoWorker().newReceipt(config.instanceId);
  onStage('encrypt');
  const sealed = await sealVersion(callId, 1, checked.content);
  const body: ApplicationSubmit = {
    applicationId: sealed.applicationId,
    applicantKind: checked.applicantKind,
    country: checked.country,
    language: checked.language,
    applicant: sealed.applicant,
    record: sealed.record,
    envelopes: [...sealed.envelopes],
  };
  // The proof of work, started when the review step showed: usually ready by now.
  onStage('prepare');
  await powReady('application');
  onStage('send');
  return deliverApplication({ callId, code: receipt.code, body });
}

/** POST of a sealed application, first time or again; UnconfirmedApplication when no answer told whether it was stored. */
export async function deliverApplication(sealed: SealedApplicationRequest): Promise<{ code: string; applicationId: string }> {
  try {
    await submitApplication(sealed.callId, sealed.body);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 0 || error.status >= 500) && error.status !== 503) throw new UnconfirmedApplication(sealed, error);
    throw error;
  }
  return { code: sealed.code, applicationId: sealed.body.applicationId };
}

/** The signed-in applicant's application, opened in the worker (the application key then held for a new version); null when this receipt has none. */
export async function loadOwnApplication() {
  let view;
  try {
    view = await requesterApplication();
  } catch (error) {
    if (isApiError(error, 404)) return null;
    throw error;
  }
  const opened = await cryptoWorker().openRequesterApplication(view);
  return { view, opened };
}

/** A new version (the latest + 1) of the open application. */
export async function sendNewVersion(callId: string, version: number, content: ApplicationContent): Promise<void> {
  const sealed = await sealVersion(callId, version, content);
  await reviseApplication({ version, record: sealed.record, envelopes: [...sealed.envelopes] });
}

export const withdrawOwnApplication = () => withdrawApplication();

/** The api's refusal of an application in plain words: the deadline passed, not open yet, or the portal's words. */
export function applicationRefusal(error: unknown): Words {
  if (isApiError(error, CallError.CallClosed)) return words('calls:apply.error.closed');
  if (isApiError(error, CallError.CallNotOpen)) return words('calls:apply.error.notOpen');
  return describePortalError(error);
}
