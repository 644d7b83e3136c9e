import { createHash, randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { checkCiphertextFormat, checkStreamHeaderFormat, isCryptoError } from '@ashar/crypto';
import {
  type CaseFileCreate,
  type CaseFileView,
  type Principal,
  type RecordKind,
  type RequesterPrincipal,
  type StaffPrincipal,
  accessibleWhere,
  defineAbilityFor,
  fileChunkLength,
  DomainError,
  GeneralError,
  FileError,
} from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditActor, AuditService } from '../audit';
import { CaseAccess, CaseProgress, requireNewestEpoch, requireNotShut, type CaseRow } from '../cases';
import { isUniqueViolation } from '../database';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { BLOB_STORE, type BlobStore, blobKeys } from '../blob-store';
import { checkChunkHeaders, readChunkBody } from './chunk-body';
import { requireRequesterStorage } from './requester-storage';
import { FILE_COLUMNS, FileRepository, type FileRow } from './file.repository';

/** A caller of the file routes: staff with case rights, or a requester on their own case. */
export type FileCaller = StaffPrincipal | RequesterPrincipal;

const KEYS_PER_PAGE = 256;

const incomplete = (received: number, count: number) =>
  new DomainError(FileError.Incomplete, `${received} of ${count} chunks are stored.`);

/** The record kinds each kind of caller may attach files to, the default first. */
const KINDS: Record<FileCaller['kind'], readonly RecordKind[]> = { requester: ['request', 'message'], staff: ['note', 'message'] };

/**
 * Encrypted attachments (docs/files-api.md). Every use case loads the case under the ability's
 * condition for its action (404 when unreadable, 403 when readable but not this way) and the
 * file under the CaseFile read condition; only the uploader sends chunks and completes. Chunks
 * are accepted strictly in order; each is written to a blob of its own and then recorded, so no
 * database transaction waits on the blob store and a race between two copies of one chunk
 * leaves exactly one recorded.
 */
@Injectable()
export class FilesService {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly access: CaseAccess,
    private readonly files: FileRepository,
    private readonly audit: AuditService,
    private readonly progress: CaseProgress,
  ) {}

  async create(caller: FileCaller, caseId: string, body: CaseFileCreate): Promise<{ fileId: string }> {
    const kinds = KINDS[caller.kind];
    const recordKind = body.recordKind ?? kinds[0]!;
    if (!kinds.includes(recordKind)) throw new DomainError(GeneralError.Validation, `recordKind must be one of ${kinds.join(', ')} for you`);
    requireFormat(() => checkStreamHeaderFormat(body.header), 'header is not an x1 stream header');
    // Format 2 (SPEC.md §9.3): bound to the record kind; a note's file under the staff-only key.
    requireFormat(() => checkCiphertextFormat('case-file-meta', body.meta), 'meta is not a well-formed file-meta ciphertext');
    requireFormat(() => checkCiphertextFormat('case-file-key', body.wrappedKey), 'wrappedKey is not a well-formed wrapped file key');
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Locked: file counts per case are checked one upload at a time.
        const row = await this.access.load(manager, caller, caseId, 'attach_file');
        requireNotShut(row);
        requireNewestEpoch(body.epoch, row);
        if (recordKind === 'note' && !(await this.files.hasStaffKey(manager, caseId, row.key_epoch))) {
          throw new DomainError(GeneralError.Conflict, 'the case has no staff-only key for its newest epoch yet: make one first (POST /cases/:id/staff-keys)');
        }
        if (body.encryptedSize > this.config.FILE_MAX_BYTES) {
          throw new DomainError(FileError.FileTooLarge, `A file may have at most ${this.config.FILE_MAX_BYTES} encrypted bytes.`);
        }
        if ((await this.files.countOfCase(manager, caseId)) >= this.config.FILES_PER_CASE_MAX) {
          throw new DomainError(FileError.TooManyFiles, `A case may have at most ${this.config.FILES_PER_CASE_MAX} files.`);
        }
        if (await this.files.exists(manager, body.fileId)) throw new DomainError(GeneralError.Conflict, 'a file with this id exists; choose another id');
        if (caller.kind === 'requester') await requireRequesterStorage(manager, this.config, caller.requesterId, body.encryptedSize);
        await this.files.insert(manager, {
          id: body.fileId,
          caseId,
          recordKind,
          epoch: row.key_epoch,
          uploaderKind: caller.kind,
          uploaderId: idOf(caller),
          header: body.header,
          meta: body.meta,
          wrappedKey: body.wrappedKey,
          encryptedSize: body.encryptedSize,
          chunkCount: body.chunkCount,
        });
        return { fileId: body.fileId };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError(GeneralError.Conflict, 'a file with this id exists; choose another id');
      throw err;
    }
  }

  /**
   * Stores chunk `index` from the request body: the next expected one, or one already stored
   * sent again with identical bytes (nothing changes). The body is read only after every check
   * that needs no bytes, into one chunk-sized buffer, which goes to the blob store as it is.
   * The checks only read, outside a transaction, and the chunk is recorded in one statement:
   * three database round trips per chunk where a transaction around each step took nine.
   */
  async putChunk(caller: FileCaller, caseId: string, fileId: string, index: number, req: IncomingMessage): Promise<void> {
    const manager = this.dataSource.manager;
    const { file } = await this.loadForUpload(manager, caller, caseId, fileId, false);
    const expected = fileChunkLength(file.encrypted_size, file.chunk_count, index);
    if (expected === null) throw new DomainError(GeneralError.Validation, `the file has chunks 0 to ${file.chunk_count - 1}`);
    if (index > file.received_chunks) throw chunkOrder(file.received_chunks);
    checkChunkHeaders(req, expected);
    const bytes = await readChunkBody(req, expected);
    const digest = createHash('sha256').update(bytes).digest();
    if (index < file.received_chunks) return this.requireSameChunk(fileId, index, digest);

    const key = blobKeys.chunk(caseId, fileId, index, randomUUID());
    await this.blobs.put(key, bytes);
    if (await this.files.recordNextChunk(manager, fileId, { index, blobKey: key, size: bytes.length, digest })) return;
    await this.blobs.delete([key]);
    if (!(await this.files.exists(manager, fileId))) throw new DomainError(GeneralError.NotFound);
    // Another request stored this index meanwhile: identical bytes are fine, others are not.
    return this.requireSameChunk(fileId, index, digest);
  }

  async complete(caller: FileCaller, caseId: string, fileId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { file, row } = await this.loadForUpload(manager, caller, caseId, fileId, true);
      if (file.completed_at !== null) return;
      const stored = await this.files.storedTotals(manager, fileId);
      if (file.received_chunks !== file.chunk_count || stored.chunks !== file.chunk_count) throw incomplete(file.received_chunks, file.chunk_count);
      // Each chunk's size was checked against its index, so the sizes add up; checked again all the same.
      if (stored.bytes !== file.encrypted_size) throw new DomainError(GeneralError.Conflict, 'the stored chunks do not add up to the encrypted size');
      await this.files.markComplete(manager, fileId);
      // A requester's file is requester activity: it counts for the inbox, hands a case awaiting them
      // back to the desk and notifies whoever works the case (once: a completed file returns above).
      if (caller.kind === 'requester') await this.progress.requesterActivity(manager, row, 'requester_file', fileId, actorOf(caller));
      await this.audit.record(manager, {
        action: 'file.uploaded',
        actor: actorOf(caller),
        subject: { type: 'file', id: fileId },
        data: { caseId, recordKind: file.record_kind, chunkCount: file.chunk_count },
      });
    });
  }

  /** Every file of the case the caller may read, oldest first (audited: it holds the encrypted metadata). */
  async list(caller: FileCaller, caseId: string): Promise<CaseFileView[]> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.load(manager, caller, caseId, 'read', false);
      const rows = await this.files.readableOfCase(manager, caseId, this.readWhere(caller, 1));
      await this.audit.record(manager, { action: 'file.read', actor: actorOf(caller), subject: { type: 'case', id: caseId }, data: { caseId, part: 'list', count: rows.length } });
      return rows.map(fileView);
    });
  }

  async view(caller: FileCaller, caseId: string, fileId: string): Promise<CaseFileView> {
    return this.dataSource.transaction(async (manager) => {
      const file = await this.loadReadable(manager, caller, caseId, fileId);
      await this.audit.record(manager, { action: 'file.read', actor: actorOf(caller), subject: { type: 'file', id: fileId }, data: { caseId, part: 'meta' } });
      return fileView(file);
    });
  }

  /**
   * The ciphertext of a complete file as one stream: its chunks in order, read from the blob
   * store one at a time (their keys paged from the database), so memory does not grow with
   * the file. The read is audited before the first byte goes out.
   */
  async content(caller: FileCaller, caseId: string, fileId: string): Promise<{ size: number; stream: Readable }> {
    const file = await this.dataSource.transaction(async (manager) => {
      const row = await this.loadReadable(manager, caller, caseId, fileId);
      if (row.completed_at === null) throw incomplete(row.received_chunks, row.chunk_count);
      await this.audit.record(manager, { action: 'file.read', actor: actorOf(caller), subject: { type: 'file', id: fileId }, data: { caseId, part: 'content' } });
      return row;
    });
    const { dataSource, files, blobs } = this;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let next = 0; next < file.chunk_count; ) {
        const page = await files.chunkKeys(dataSource.manager, fileId, next, KEYS_PER_PAGE);
        if (page.length === 0 || page[0]!.index !== next) throw new Error(`file ${fileId}: chunk ${next} is not recorded`);
        for (const chunk of page) {
          const blob = await blobs.get(chunk.blob_key);
          if (!blob) throw new Error(`file ${fileId}: the blob of chunk ${chunk.index} is missing`);
          for await (const piece of blob as AsyncIterable<Buffer>) yield piece;
          next = chunk.index + 1;
        }
      }
    }
    return { size: file.encrypted_size, stream: Readable.from(chunks(), { objectMode: false }) };
  }

  /** The file for its uploader's chunk and completion requests; 409 once the case is closed. */
  private async loadForUpload(manager: EntityManager, caller: FileCaller, caseId: string, fileId: string, lockFile: boolean): Promise<{ file: FileRow; row: CaseRow }> {
    const row: CaseRow = await this.access.load(manager, caller, caseId, 'attach_file', false);
    const file = await this.files.findReadable(manager, caseId, fileId, this.readWhere(caller, 2), lockFile);
    if (!file) throw new DomainError(GeneralError.NotFound);
    if (file.uploader_kind !== caller.kind || file.uploader_id !== idOf(caller)) throw new DomainError(GeneralError.Forbidden);
    requireNotShut(row);
    return { file, row };
  }

  private async loadReadable(manager: EntityManager, caller: FileCaller, caseId: string, fileId: string): Promise<FileRow> {
    await this.access.load(manager, caller, caseId, 'read', false);
    const file = await this.files.findReadable(manager, caseId, fileId, this.readWhere(caller, 2));
    if (!file) throw new DomainError(GeneralError.NotFound);
    return file;
  }

  private readWhere(caller: FileCaller, paramOffset: number) {
    return accessibleWhere(defineAbilityFor(caller as Principal), 'read', 'CaseFile', FILE_COLUMNS, { paramOffset });
  }

  private async requireSameChunk(fileId: string, index: number, digest: Buffer): Promise<void> {
    const stored = await this.files.chunk(this.dataSource.manager, fileId, index);
    if (stored && Buffer.compare(stored.digest, digest) === 0) return;
    if (!stored) this.logger.error(`file ${fileId}: chunk ${index} counted as received but not recorded`);
    throw new DomainError(FileError.ChunkConflict, 'Send the same bytes again, or start a new file.');
  }
}

function chunkOrder(next: number): DomainError {
  return new DomainError(FileError.ChunkOrder, `The next chunk expected is ${next}.`);
}

function requireFormat(check: () => void, detail: string): void {
  try {
    check();
  } catch (err) {
    if (isCryptoError(err)) throw new DomainError(GeneralError.Validation, `${detail} (${err.code})`);
    throw err;
  }
}

const idOf = (caller: FileCaller) => (caller.kind === 'staff' ? caller.userId : caller.requesterId);
const actorOf = (caller: FileCaller): AuditActor => ({ kind: caller.kind, id: idOf(caller) });

export function fileView(f: FileRow): CaseFileView {
  return {
    fileId: f.id,
    caseId: f.case_id,
    recordKind: f.record_kind,
    format: f.format,
    epoch: f.epoch,
    header: f.header,
    meta: f.meta,
    wrappedKey: f.wrapped_key,
    encryptedSize: f.encrypted_size,
    chunkCount: f.chunk_count,
    receivedChunks: f.received_chunks,
    complete: f.completed_at !== null,
    uploadedBy: { kind: f.uploader_kind, id: f.uploader_id },
    createdAt: f.created_at.toISOString(),
    completedAt: f.completed_at?.toISOString() ?? null,
  };
}
