/**
 * The requester's grants on the follow-up page (docs/grants.md): each grant's key is opened in
 * the crypto worker from the envelope sealed to the requester (its sealer's staff key certified
 * up to the root built into the app), payee details are opened to confirm or typed and sealed
 * there under the grant key, and a report — a short text and receipts or photos — is encrypted
 * there too. The server gets ciphertext only.
 */
import { type ResponseOf, pathOf, requesterGrantsContract } from '@ashar/domain';
import { ApiError, call, isApiError } from '../../api/client';
import { keyRevocations } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type PayeeDetailsIn, type RequesterPayeeReading } from '../../crypto/grant-worker-api';
import { type StaffKeyEntry } from '../../crypto/requester-worker-api';
import { putBytes, staffKeys } from './portal-api';
import { PortalError, describePortalError } from './portal-errors';
import { type Words, words } from './words';

export type RequesterGrantView = ResponseOf<typeof requesterGrantsContract.list>[number];

export interface YourGrant {
  readonly view: RequesterGrantView;
  /** The grant key opened in the worker from the requester's envelope (null: no envelope, or the reason it did not open). */
  readonly open: boolean;
  readonly failure: Words | null;
  /** The payee details on record, opened and verified, to confirm. */
  readonly payee: RequesterPayeeReading | null;
}

function needRoot(): string {
  if (!ROOT_PUBLIC_KEY) throw new PortalError(words('error.noRootKey'));
  return ROOT_PUBLIC_KEY;
}

async function keysOf(ids: readonly string[]): Promise<StaffKeyEntry[]> {
  const found = await Promise.all(
    [...new Set(ids)].map((id) =>
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

/** The requester's grants, each one's key opened in the worker and its payee details read. */
export async function loadYourGrants(): Promise<YourGrant[]> {
  const grants = await call(requesterGrantsContract.list);
  if (grants.length === 0) return [];
  const root = needRoot();
  const [staff, revocations] = await Promise.all([keysOf(grants.flatMap((g) => (g.envelope ? [g.envelope.sealerId] : []))), keyRevocations()]);
  const worker = cryptoWorker();
  const out: YourGrant[] = [];
  for (const view of grants) {
    if (!view.envelope) {
      out.push({ view, open: false, failure: null, payee: null });
      continue;
    }
    const envelope = view.envelope;
    try {
      await worker.openRequesterGrant(
        view.id,
        { sealedKey: envelope.sealedKey, sealerKid: envelope.sealerKid, signature: envelope.signature, createdAt: envelope.createdAt, sealer: { kind: 'staff', id: envelope.sealerId } },
        staff,
        root,
        revocations,
      );
    } catch {
      out.push({ view, open: false, failure: words('grants.unchecked'), payee: null });
      continue;
    }
    let payee: RequesterPayeeReading | null = null;
    const stored = view.payee;
    // Details the requester gave, or a member of staff of the case (their certified key, fetched as for messages).
    const author = stored?.author === 'requester' ? ({ kind: 'requester' } as const) : stored?.authorId ? ({ kind: 'staff', id: stored.authorId } as const) : null;
    if (stored && author) {
      const keys = author.kind === 'staff' && !staff.some((k) => k.id === author.id) ? [...staff, ...(await keysOf([author.id]))] : staff;
      payee = await worker
        .openRequesterPayee(view.id, { ciphertext: stored.ciphertext, authorKid: stored.authorKid, createdAt: stored.updatedAt, author }, keys, root, revocations)
        .catch((): RequesterPayeeReading => ({ state: 'refused' }));
    }
    out.push({ view, open: true, failure: null, payee });
  }
  return out;
}

export async function savePayee(grantId: string, details: PayeeDetailsIn): Promise<void> {
  const sealed = await cryptoWorker().sealRequesterPayee(grantId, details);
  await call(requesterGrantsContract.setPayee, { params: { id: grantId }, body: { ciphertext: sealed.ciphertext, authorKid: sealed.authorKid } });
}

/** Progress of one report file: plaintext bytes encrypted and acknowledged. */
export interface ReportFileProgress {
  readonly key: string;
  readonly name: string;
  readonly size: number;
  readonly phase: 'waiting' | 'running' | 'done' | 'failed';
  readonly encrypted: number;
  readonly uploaded: number;
  readonly message: Words | null;
}

const RETRY_DELAYS_MS = [500, 1_000, 2_000];
const transient = (error: unknown) => error instanceof ApiError && (error.status === 0 || error.status >= 500 || error.status === 429);
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function retrying<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (!transient(error) || delay === undefined) throw error;
      await wait(delay);
    }
  }
}

/**
 * Sends a report: its text sealed in the worker and posted, then each file encrypted in the
 * worker chunk by chunk and uploaded in order, `onProgress` told as it goes. Resolves with the
 * files' outcomes; a file that fails does not stop the others.
 */
export async function sendReport(
  grantId: string,
  text: string,
  files: readonly { key: string; file: File }[],
  onProgress: (progress: ReportFileProgress) => void,
): Promise<ReportFileProgress[]> {
  const worker = cryptoWorker();
  const sealed = await worker.sealGrantReport(grantId, { text });
  const { id: reportId } = await call(requesterGrantsContract.addReport, { params: { id: grantId }, body: { id: sealed.id, ciphertext: sealed.ciphertext, authorKid: sealed.authorKid } });
  const outcomes: ReportFileProgress[] = [];
  for (const { key, file } of files) {
    let progress: ReportFileProgress = { key, name: file.name, size: file.size, phase: 'running', encrypted: 0, uploaded: 0, message: null };
    const set = (patch: Partial<ReportFileProgress>) => {
      progress = { ...progress, ...patch };
      onProgress(progress);
    };
    set({});
    let fileId: string | null = null;
    try {
      const start = await worker.beginGrantFileUpload(grantId, file, file.name);
      fileId = start.fileId;
      await retrying(() => call(requesterGrantsContract.createReportFile, { params: { id: grantId, reportId }, body: start.body }));
      for (let index = 0; index < start.chunkCount; index += 1) {
        const chunk = await worker.nextFileChunk(start.fileId);
        set({ encrypted: chunk.plaintextDone });
        await retrying(() => putBytes(pathOf(requesterGrantsContract.putReportChunk, { id: grantId, fileId: start.fileId, index: chunk.index }), chunk.bytes));
        set({ uploaded: chunk.plaintextDone });
      }
      await retrying(() => call(requesterGrantsContract.completeReportFile, { params: { id: grantId, fileId: start.fileId } }));
      set({ phase: 'done', encrypted: file.size, uploaded: file.size });
    } catch (error) {
      set({ phase: 'failed', message: error instanceof ApiError ? describePortalError(error) : words('upload.notSent') });
    } finally {
      if (fileId) await worker.endFileUpload(fileId).catch(() => undefined);
    }
    outcomes.push(progress);
  }
  return outcomes;
}
