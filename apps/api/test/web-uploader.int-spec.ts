/**
 * The web's resumable uploader (apps/web FileUpload with the portal's api calls) against this api
 * on a loopback port, over Node's fetch in place of the browser's: a chunk whose answer was lost
 * is sent again, an upload the network cut off pauses and resumes from the chunks the api holds,
 * and a chunk the api refuses fails the upload. The encryption is libs/crypto's, as in the worker.
 */
import { randomUUID } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import {
  type CaseKey,
  type FileEncryptor,
  CHUNK_BYTES,
  chunkCount,
  createFileEncryptor,
  encodePublicKey,
  encryptCaseFileMeta,
  encryptedSize,
  generateFileKey,
  generateRootKeys,
  ready,
  wrapCaseFileKey,
} from '@ashar/crypto';
import { type CaseFileView } from '@ashar/domain';
import request from 'supertest';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the test drives the web's own uploader and api calls against this api
import { setCsrfToken } from '../../web/src/api/client';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the test drives the web's own uploader and api calls against this api
import { FileUpload, type UploadSender, type UploadState } from '../../web/src/features/portal/file-upload';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, requesterSignIn, submitIntake } from './cases-support';
import { type Caller, decryptDownloaded, download, plaintextOf } from './files-support';
import { createPerson } from './people';

/** What the fake network does with one request: pass it, lose it before the api sees it, or lose the api's answer. */
type Fate = 'pass' | 'no-answer' | 'answer-lost' | 'truncate';

interface Sent {
  readonly method: string;
  readonly path: string;
}

const CHUNK_PATH = /\/chunks\/(\d+)$/;

/** The chunk index of a PUT, or null for any other request. */
const chunkIndexOf = (sent: Sent): number | null => {
  const match = sent.method === 'PUT' ? CHUNK_PATH.exec(sent.path) : null;
  return match ? Number(match[1]) : null;
};

/** Encrypts as the crypto worker does (startFileUpload / nextFileChunk): 64 KiB chunks of a secretstream under a new file key. */
function workerLikeSender(caseKey: CaseKey, caseId: string): UploadSender {
  const open = new Map<string, { plaintext: Uint8Array; encryptor: FileEncryptor; offset: number }>();
  return {
    begin: async (file) => {
      const plaintext = new Uint8Array(await file.arrayBuffer());
      const fileId = randomUUID();
      const ref = { caseId, fileId };
      const fileKey = generateFileKey();
      const encryptor = createFileEncryptor(fileKey, ref);
      open.set(fileId, { plaintext, encryptor, offset: 0 });
      const bound = { ...ref, recordKind: 'request' };
      const body = {
        fileId,
        recordKind: 'request' as const,
        epoch: 1,
        header: encryptor.header,
        meta: encryptCaseFileMeta(caseKey, bound, { name: file.name, type: file.type, size: file.size }),
        wrappedKey: wrapCaseFileKey(caseKey, bound, fileKey),
        encryptedSize: encryptedSize(file.size),
        chunkCount: chunkCount(file.size),
      };
      return { fileId, caseId, chunkCount: body.chunkCount, encryptedSize: body.encryptedSize, body };
    },
    encryptor: () => ({
      nextFileChunk: async (fileId) => {
        const upload = open.get(fileId);
        if (!upload) throw new Error('no such upload');
        const end = Math.min(upload.offset + CHUNK_BYTES, upload.plaintext.length);
        const final = end >= upload.plaintext.length;
        const chunk = upload.encryptor.push(upload.plaintext.slice(upload.offset, end), final);
        upload.offset = end;
        return { index: chunk.index, bytes: chunk.bytes.slice(), final, plaintextDone: end };
      },
      endFileUpload: async (fileId) => {
        open.delete(fileId);
      },
    }),
    describe: (error) => (error instanceof Error ? error.message : 'failed'),
    reauthenticate: () => Promise.reject(new Error('this test signs in once')),
  };
}

describe('the web uploader against the api', () => {
  let t: TestApp;
  let sub: Submission;
  let requester: Caller;
  let origin: string;
  const realFetch = globalThis.fetch;
  /** Every request the uploader made, in order. */
  let sent: Sent[] = [];
  /** Decides each request's fate; the default passes everything. */
  let fateOf: (request: Sent, earlier: readonly Sent[]) => Fate = () => 'pass';

  beforeAll(async () => {
    await ready();
    const root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID });
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal');
    sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'uploader test' } });
    requester = await requesterSignIn(t, sub.keys);
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;

    // The browser's part: same-origin URLs, the session cookie; the faults of a bad network on top.
    globalThis.fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
      const url = new URL(String(input), origin);
      const request = { method: init.method ?? 'GET', path: url.pathname };
      const fate = fateOf(request, sent);
      sent.push(request);
      if (fate === 'no-answer') throw new TypeError('fetch failed');
      const headers = new Headers(init.headers);
      headers.set('cookie', requester.cookie);
      let body: BodyInit | null = init.body ?? null;
      if (fate === 'truncate' && body instanceof Uint8Array) body = body.slice(0, body.length - 1);
      const response = await realFetch(url, { method: request.method, headers, body, signal: init.signal ?? null });
      if (fate === 'answer-lost') {
        await response.arrayBuffer();
        throw new TypeError('fetch failed');
      }
      return response;
    };
    setCsrfToken(requester.csrf);
  });

  afterAll(async () => {
    globalThis.fetch = realFetch;
    setCsrfToken(null);
    await t.close();
  });

  beforeEach(() => {
    sent = [];
    fateOf = () => 'pass';
  });

  /** A file of `chunks` chunks, the last one short, uploaded by a FileUpload; its states as it reports them. */
  function uploadOf(chunks: number, marker: string) {
    const plaintext = plaintextOf((chunks - 1) * CHUNK_BYTES + 1_000, marker);
    const file = new File([new Uint8Array(plaintext)], 'scan.pdf', { type: 'application/pdf' });
    const states: UploadState[] = [];
    const upload = new FileUpload('k1', file, sub.caseId, workerLikeSender(sub.caseKey, sub.caseId), (state) => states.push(state));
    return { plaintext, upload, states };
  }

  const fileView = async (fileId: string) =>
    (await request(t.http).get(`/api/v1/cases/${sub.caseId}/files/${fileId}`).set('cookie', requester.cookie).expect(200)).body as CaseFileView;

  const fileIdOf = () => {
    const created = sent.find((s) => s.method === 'POST' && s.path.endsWith('/files'));
    const put = sent.find((s) => chunkIndexOf(s) !== null);
    if (!created || !put) throw new Error('the upload sent no file');
    return put.path.split('/')[6]!;
  };

  const readBack = async (fileId: string): Promise<Buffer> => {
    const view = await fileView(fileId);
    const bytes = (await download(t, requester, sub.caseId, fileId).expect(200)).body as Buffer;
    return decryptDownloaded(sub.caseKey, sub.caseId, view, bytes);
  };

  it('sends a chunk again with the same bytes when its answer was lost, completes the file, and the api holds it byte-exact', async () => {
    const { plaintext, upload } = uploadOf(6, 'LOST-ANSWER');
    fateOf = (request, earlier) => (chunkIndexOf(request) === 2 && !earlier.some((e) => chunkIndexOf(e) === 2) ? 'answer-lost' : 'pass');

    await upload.run();

    expect(upload.state).toMatchObject({ phase: 'done', uploaded: plaintext.length, message: null });
    expect(sent.map(chunkIndexOf).filter((i) => i !== null)).toEqual([0, 1, 2, 2, 3, 4, 5]);
    const fileId = fileIdOf();
    expect(await fileView(fileId)).toMatchObject({ complete: true, receivedChunks: 6, chunkCount: 6 });
    expect((await readBack(fileId)).equals(plaintext)).toBe(true);
  });

  it('pauses when the network stays away mid-file and, run again, resumes from the chunks the api holds, not from those it acknowledged', async () => {
    const { plaintext, upload, states } = uploadOf(7, 'RESUMED');
    let online = true;
    // Chunk 3 reaches the api but its answer is lost; then the network is gone until the test brings it back.
    fateOf = (request) => {
      if (!online) return 'no-answer';
      if (chunkIndexOf(request) === 3) {
        online = false;
        return 'answer-lost';
      }
      return 'pass';
    };

    await upload.run();

    expect(upload.state).toMatchObject({ phase: 'paused', message: { key: 'upload.interrupted' } }); // portal words, put into the reader's language where shown
    expect(states.some((s) => s.phase === 'running')).toBe(true);
    const fileId = fileIdOf();
    expect(await fileView(fileId)).toMatchObject({ complete: false, receivedChunks: 4 });
    const beforeResume = sent.length;

    online = true;
    await upload.run();

    expect(upload.state).toMatchObject({ phase: 'done', uploaded: plaintext.length });
    const resumed = sent.slice(beforeResume);
    expect(resumed[0]).toEqual({ method: 'GET', path: `/api/v1/cases/${sub.caseId}/files/${fileId}` });
    expect(resumed.map(chunkIndexOf).filter((i) => i !== null)).toEqual([4, 5, 6]);
    expect(await fileView(fileId)).toMatchObject({ complete: true, receivedChunks: 7 });
    expect((await readBack(fileId)).equals(plaintext)).toBe(true);
  });

  it('fails, sending nothing more and leaving the file incomplete, when the api refuses a chunk', async () => {
    const { upload } = uploadOf(5, 'REFUSED');
    fateOf = (request) => (chunkIndexOf(request) === 1 ? 'truncate' : 'pass');

    await upload.run();

    expect(upload.state.phase).toBe('failed');
    expect(upload.state.message).toMatch(/^This chunk must have exactly \d+ bytes\.$/);
    expect(sent.map(chunkIndexOf).filter((i) => i !== null)).toEqual([0, 1]);
    expect(sent.some((s) => s.path.endsWith('/complete'))).toBe(false);
    expect(await fileView(fileIdOf())).toMatchObject({ complete: false, receivedChunks: 1 });

    // Run again, a failed upload stays failed: nothing is sent.
    const count = sent.length;
    await upload.run();
    expect(sent.length).toBe(count);
  });
});
