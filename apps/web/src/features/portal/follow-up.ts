/**
 * Coming back with a receipt code (docs/cases-api.md "Requester follow-up"): the worker
 * derives the keys from the code as typed (normalised: case, separators, O→0, I/L→1), signs
 * the api's one-time challenge, and after sign-in opens the case: the envelope with the receipt
 * keys, the request with the requester's own key, each staff message with its author's key
 * certified up to the root built into the app and not revoked when the server says it stored it.
 * A staff author is named only by the pseudonym the api gives for requesters (`staff` of the
 * case view), never by anything else: none chosen reads "Our team".
 */
import { type CaseFileView, type CaseStatus, type RequestType, type RequesterStatus } from '@ashar/domain';
import { isApiError } from '../../api/client';
import { keyRevocations } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type OpenedFileMeta, type OpenedRecord, type StaffKeyEntry } from '../../crypto/requester-worker-api';
import { caseFiles, intakeConfig, requesterCase, staffKeys } from './portal-api';
import { PortalError } from './portal-errors';
import { words } from './words';
import { signInWithHeldKeys } from './submit-request';

export interface FollowUpFile extends OpenedFileMeta {
  readonly fromYou: boolean;
  readonly complete: boolean;
  readonly createdAt: string;
  /** What the worker needs to download and decrypt it. */
  readonly header: string;
  readonly wrappedKey: string;
  readonly meta: string;
  readonly recordKind: CaseFileView['recordKind'];
  readonly epoch: number;
  readonly format: 1 | 2;
}

export interface FollowUpCase {
  readonly caseId: string;
  readonly requestType: RequestType;
  readonly status: CaseStatus;
  /** What the requester is told (libs/domain requesterStatusOf), as the api decided it. */
  readonly requesterStatus: RequesterStatus;
  readonly createdAt: string;
  readonly records: readonly OpenedRecord[];
  readonly files: readonly FollowUpFile[];
}

function needRoot(): string {
  if (!ROOT_PUBLIC_KEY) throw new PortalError(words('error.noRootKey'));
  return ROOT_PUBLIC_KEY;
}

/** Signs in with a typed receipt code; returns the kid to sign in again later. Throws ApiError `sign-in-failed` for an unknown code. */
export async function signInWithReceipt(typed: string): Promise<string> {
  const worker = cryptoWorker();
  const code = await worker.normaliseReceipt(typed);
  if (code === null) throw new PortalError(words('error.worker.bad_length'));
  const config = await intakeConfig();
  const { kid } = await worker.openReceipt(code, config.instanceId);
  await signInWithHeldKeys(kid);
  return kid;
}

/** The staff keys the records and the envelope need, fetched once each; a missing one stays out (its records are refused). */
async function keysOf(staffIds: readonly string[]): Promise<StaffKeyEntry[]> {
  const unique = [...new Set(staffIds)];
  const found = await Promise.all(
    unique.map((id) =>
      staffKeys(id).then(
        (k) => k as StaffKeyEntry,
        (error: unknown) => {
          if (isApiError(error, 404)) return null;
          throw error;
        },
      ),
    ),
  );
  return found.filter((k): k is StaffKeyEntry => k !== null);
}

function fileOpened(files: readonly CaseFileView[], metas: readonly OpenedFileMeta[]): FollowUpFile[] {
  return metas.flatMap((meta) => {
    const view = files.find((f) => f.fileId === meta.fileId);
    return view
      ? [
          {
            ...meta,
            fromYou: view.uploadedBy.kind === 'requester',
            complete: view.complete,
            createdAt: view.createdAt,
            header: view.header,
            wrappedKey: view.wrappedKey,
            meta: view.meta,
            recordKind: view.recordKind,
            epoch: view.epoch,
            format: view.format,
          },
        ]
      : [];
  });
}

/** The name a requester may see of a staff member: their pseudonym from the case view, or null ("Our team"). */
export function pseudonymOf(staff: readonly { readonly id: string; readonly pseudonym: string | null }[], staffId: string): string | null {
  return staff.find((member) => member.id === staffId)?.pseudonym ?? null;
}

/** Loads and opens the signed-in requester's case (again, after a reply). */
export async function loadFollowUpCase(): Promise<FollowUpCase> {
  const root = needRoot();
  const view = await requesterCase();
  const staffIds = view.records.filter((r) => r.author.kind === 'staff').map((r) => r.author.id);
  if (view.envelope?.sealer.kind === 'staff') staffIds.push(view.envelope.sealer.id);
  // A staff message whose author's keys were revoked before it was stored is refused (SPEC.md §8.3).
  const [keys, revocations] = await Promise.all([keysOf(staffIds), keyRevocations()]);
  const staff = keys.map((entry) => ({ ...entry, displayName: pseudonymOf(view.staff, entry.id) }));
  const opened = await cryptoWorker().openRequesterCase(view, staff, root, revocations);
  const files = await caseFiles(view.case.id);
  const metas = await cryptoWorker().openFileMetas(files.map((f) => ({ fileId: f.fileId, meta: f.meta, recordKind: f.recordKind, epoch: f.epoch, format: f.format })));
  return { ...view.case, caseId: view.case.id, records: opened.records, files: fileOpened(files, metas) };
}
