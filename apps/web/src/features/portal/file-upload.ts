/**
 * One file's encrypted, chunked, resumable upload (docs/files-api.md). The crypto worker reads
 * the file 64 KiB at a time and encrypts it as a secretstream, a few chunks ahead of the
 * network; each chunk is one PUT. A failed PUT is retried with the same bytes (the api takes
 * them again), and when the network stays away the upload pauses: `run()` again asks the api
 * how many chunks it holds (`receivedChunks`) and carries on from there with the chunks still
 * held here. The stream state lives in this page's worker: after a reload the file has to be
 * sent again from the start, as a new file. The same for a requester (portal) and for staff
 * (the case page): the file routes are the same; who starts the encryption differs.
 */
import { type Words, words } from './words';
import { FileError } from '@ashar/domain';
import { ApiError, isApiError } from '../../api/client';
import { type FileChunkOut, type FileUploadStart } from '../../crypto/requester-worker-api';
import { caseFile, completeCaseFile, createCaseFile, putChunk } from './portal-api';

/** The encryptor of begun files that the upload reads chunks from: the crypto worker's, in the browser. */
export interface UploadEncryptor {
  /** The next encrypted chunk of the file, in order. */
  nextFileChunk(fileId: string): Promise<FileChunkOut>;
  /** Drops the file's encryptor. */
  endFileUpload(fileId: string): Promise<void>;
}

/** Who sends a file, and how: the worker call that starts its encryption, and words for failures. */
export interface UploadSender {
  /** Starts the worker's encryptor for `file` (a new file id each time). */
  begin(file: File): Promise<FileUploadStart>;
  /** The encryptor `begin` started the file in (asked each time: the worker may have been restarted). */
  encryptor(): UploadEncryptor;
  /** A failure in words for the person sending. */
  /** A sentence as it is (staff pages), or portal Words put into the reader's language where shown. */
  describe(error: unknown): string | Words;
  /** Called once when the api answers 401 mid-upload; the step is then tried again (or throw to give up). */
  reauthenticate(): Promise<void>;
}

export type UploadPhase = 'waiting' | 'running' | 'paused' | 'done' | 'failed';

export interface UploadState {
  readonly key: string;
  readonly name: string;
  readonly size: number;
  readonly phase: UploadPhase;
  /** Plaintext bytes encrypted so far. */
  readonly encrypted: number;
  /** Plaintext bytes the api acknowledged. */
  readonly uploaded: number;
  readonly message: string | Words | null;
}

const CHUNK = 64 * 1024;
/** Chunks encrypted ahead of the upload: bounded, so memory does not grow with the file. */
const AHEAD = 4;
const RETRY_DELAYS_MS = [500, 1_000, 2_000];
const RESYNCS_MAX = 3;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An answer that may succeed later: no answer at all, a server error, or a rate limit. */
function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500 || error.status === 429);
}

/** The api holds other chunks than this page thinks: ask it where it stands. */
function needsResync(error: unknown): boolean {
  return isApiError(error, FileError.ChunkOrder) || isApiError(error, FileError.ChunkConflict) || isApiError(error, FileError.Incomplete);
}

class CannotResume extends Error {}

export class FileUpload {
  private current: UploadState;
  private started: { caseId: string; fileId: string; chunkCount: number } | null = null;
  private queue: FileChunkOut[] = [];
  /** Index of the next chunk the worker will encrypt. */
  private encryptedIndex = 0;
  /** Chunks 0 … acked − 1 are stored by the api. */
  private acked = 0;
  private filling: Promise<void> | null = null;
  private running = false;

  constructor(
    readonly key: string,
    private readonly file: File,
    private readonly caseId: string,
    private readonly sender: UploadSender,
    private readonly onChange: (state: UploadState) => void,
  ) {
    this.current = { key, name: file.name, size: file.size, phase: 'waiting', encrypted: 0, uploaded: 0, message: null };
  }

  get state(): UploadState {
    return this.current;
  }

  private set(patch: Partial<UploadState>): void {
    this.current = { ...this.current, ...patch };
    this.onChange(this.current);
  }

  /** Starts, or resumes after a pause. Never throws: the outcome is the state's phase. */
  async run(): Promise<void> {
    if (this.running || this.current.phase === 'done' || this.current.phase === 'failed') return;
    this.running = true;
    this.set({ phase: 'running', message: null });
    try {
      await this.withSession(() => this.upload());
      this.set({ phase: 'done', uploaded: this.file.size, encrypted: this.file.size, message: null });
      await this.release();
    } catch (error) {
      if (isTransient(error)) {
        this.set({ phase: 'paused', message: words('upload.interrupted') });
      } else {
        this.set({ phase: 'failed', message: error instanceof CannotResume ? words('upload.cannotResume') : this.sender.describe(error) });
        await this.release();
      }
    } finally {
      this.running = false;
    }
  }

  private async release(): Promise<void> {
    this.queue = [];
    if (this.started) await this.sender.encryptor().endFileUpload(this.started.fileId).catch(() => undefined);
  }

  private async withSession<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (!isApiError(error, 401)) throw error;
      await this.sender.reauthenticate();
      return action();
    }
  }

  private async upload(): Promise<void> {
    if (!this.started) await this.create();
    else await this.resync();
    const started = this.started;
    if (!started) throw new CannotResume();
    let resyncs = 0;
    for (;;) {
      try {
        while (this.acked < started.chunkCount) {
          const chunk = await this.chunkAt(this.acked);
          void this.fillAhead().catch(() => undefined);
          await this.put(started, chunk);
          this.acked = chunk.index + 1;
          this.queue = this.queue.filter((c) => c.index >= this.acked);
          this.set({ uploaded: Math.min(this.acked * CHUNK, this.file.size) });
        }
        await this.complete(started);
        return;
      } catch (error) {
        if (!needsResync(error) || resyncs >= RESYNCS_MAX) throw error;
        resyncs += 1;
        await this.resync();
      }
    }
  }

  private async create(): Promise<void> {
    const start = await this.sender.begin(this.file);
    if (start.caseId !== this.caseId) throw new CannotResume();
    try {
      await createCaseFile(start.caseId, start.body);
    } catch (error) {
      // The answer may have been lost after the api created the file: then it exists.
      if (!isTransient(error)) {
        await this.sender.encryptor().endFileUpload(start.fileId).catch(() => undefined);
        throw error;
      }
      const exists = await caseFile(start.caseId, start.fileId).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await this.sender.encryptor().endFileUpload(start.fileId).catch(() => undefined);
        throw error;
      }
    }
    this.started = { caseId: start.caseId, fileId: start.fileId, chunkCount: start.chunkCount };
  }

  /** Where the api stands: chunks it holds need not be sent again; one it lacks must still be held here. */
  private async resync(): Promise<void> {
    const started = this.started;
    if (!started) return;
    const view = await caseFile(started.caseId, started.fileId);
    if (view.receivedChunks < this.acked && !this.queue.some((c) => c.index === view.receivedChunks)) throw new CannotResume();
    this.acked = view.receivedChunks;
    this.queue = this.queue.filter((c) => c.index >= this.acked);
    this.set({ uploaded: Math.min(this.acked * CHUNK, this.file.size) });
  }

  /** Encrypts ahead up to AHEAD chunks; one run at a time, shared by whoever asks meanwhile. */
  private fillAhead(): Promise<void> {
    if (!this.filling) {
      const run = this.fill();
      this.filling = run;
      const clear = () => {
        if (this.filling === run) this.filling = null;
      };
      run.then(clear, clear);
    }
    return this.filling;
  }

  private async fill(): Promise<void> {
    const started = this.started;
    if (!started) return;
    while (this.encryptedIndex < started.chunkCount && this.queue.length < AHEAD) {
      const chunk = await this.sender.encryptor().nextFileChunk(started.fileId);
      this.queue.push(chunk);
      this.encryptedIndex = chunk.index + 1;
      this.set({ encrypted: chunk.plaintextDone });
    }
  }

  /** Chunk `index`, encrypting up to it; a chunk already encrypted and dropped cannot be made again. */
  private async chunkAt(index: number): Promise<FileChunkOut> {
    for (;;) {
      const held = this.queue.find((c) => c.index === index);
      if (held) return held;
      if (this.encryptedIndex > index) throw new CannotResume();
      const before = this.encryptedIndex;
      await this.fillAhead();
      // A run that made nothing (the queue was full of other chunks) would loop for ever.
      if (this.encryptedIndex === before && !this.queue.some((c) => c.index === index)) await this.fillAhead();
      if (this.encryptedIndex === before && !this.queue.some((c) => c.index === index)) throw new CannotResume();
    }
  }

  private async put(started: { caseId: string; fileId: string }, chunk: FileChunkOut): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await putChunk(started.caseId, started.fileId, chunk.index, chunk.bytes);
        return;
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (!isTransient(error) || delay === undefined) throw error;
        await wait(delay);
      }
    }
  }

  private async complete(started: { caseId: string; fileId: string }): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await completeCaseFile(started.caseId, started.fileId);
        return;
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (!isTransient(error) || delay === undefined) throw error;
        await wait(delay);
      }
    }
  }
}
