import { createHash, randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { checkCiphertextFormat, checkStreamHeaderFormat } from '@ashar/crypto';
import {
  type GrantFileCreate,
  type GrantStatus,
  type RequesterPrincipal,
  type StaffPrincipal,
  DomainError,
  FileError,
  GeneralError,
  REPORTABLE_GRANT_STATUSES,
  GrantError,
  fileChunkLength,
} from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditActor, AuditService } from '../audit';
import { BLOB_STORE, type BlobStore } from '../blob-store';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { isUniqueViolation } from '../database';
import { checkChunkHeaders, readChunkBody, requireRequesterStorage } from '../files';
import { type GrantFileRow, GrantReportRepository } from './grant-report.repository';
import { requireFormat } from './grant-report.service';
import { type MoneyGrantRow, loadMoneyGrant, mayReadGrantSecrets } from './money-grant-rows';

export type GrantFileCaller = StaffPrincipal | RequesterPrincipal;

const KEYS_PER_PAGE = 256;

/** Where a grant's report files are kept in the blob store (docs/grants.md; the finance retention deletes the prefix). */
export const grantBlobKeys = {
  grantPrefix: (grantId: string) => `grants/${grantId}/`,
  chunk: (grantId: string, fileId: string, index: number, attempt: string) => `grants/${grantId}/files/${fileId}/${index}-${attempt}`,
};

const incomplete = (received: number, count: number) => new DomainError(FileError.Incomplete, `${received} of ${count} chunks are stored.`);
const isReportable = (status: GrantStatus) => (REPORTABLE_GRANT_STATUSES as readonly GrantStatus[]).includes(status);

/**
 * Receipts and photos of a grantee report (SPEC §18.4), uploaded exactly as case files are
 * (create, chunks strictly in order, complete, download) but under the grant key. The requester
 * uploads to their own submitted report; case staff and finance officers (who may read the
 * payee details) and the requester download. Admins, auditors and approvers get 404.
 */
@Injectable()
export class GrantFileService {
  private readonly logger = new Logger(GrantFileService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly repo: GrantReportRepository,
    private readonly audit: AuditService,
  ) {}

  async create(requester: RequesterPrincipal, grantId: string, reportId: string, body: GrantFileCreate): Promise<{ fileId: string }> {
    requireFormat(() => checkStreamHeaderFormat(body.header), 'header is not an x1 stream header');
    requireFormat(() => checkCiphertextFormat('grant-file-meta', body.meta), 'meta is not a well-formed grant-file-meta ciphertext');
    requireFormat(() => checkCiphertextFormat('grant-file-key', body.wrappedKey), 'wrappedKey is not a well-formed wrapped grant file key');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const grant = await this.ownGrant(manager, requester, grantId, true);
        if (!isReportable(grant.status) || grant.payee_shredded_at) throw new DomainError(GrantError.GrantNotReady, 'Files are added to a report while the grant is disbursing or disbursed.');
        const report = await this.repo.report(manager, grantId, reportId, true);
        if (!report || report.author_kind !== 'requester' || report.author_id !== requester.requesterId) throw new DomainError(GeneralError.NotFound);
        if (report.status !== 'submitted') throw new DomainError(GrantError.GrantNotReady, 'Files are added to a report waiting for its decision.');
        if (body.encryptedSize > this.config.GRANT_FILE_MAX_BYTES) throw new DomainError(FileError.FileTooLarge, `A file may have at most ${this.config.GRANT_FILE_MAX_BYTES} encrypted bytes.`);
        if ((await this.repo.countFiles(manager, reportId)) >= this.config.GRANT_REPORT_FILES_MAX) {
          throw new DomainError(FileError.TooManyFiles, `A report may have at most ${this.config.GRANT_REPORT_FILES_MAX} files.`);
        }
        if (await this.repo.fileExists(manager, body.fileId)) throw new DomainError(GeneralError.Conflict, 'a file with this id exists; choose another id');
        await requireRequesterStorage(manager, this.config, requester.requesterId, body.encryptedSize);
        await this.repo.insertFile(manager, {
          id: body.fileId,
          grantId,
          reportId,
          uploaderKind: 'requester',
          uploaderId: requester.requesterId,
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

  /** Stores chunk `index`: the next expected one, or an identical copy of a stored one (as case files). */
  async putChunk(requester: RequesterPrincipal, grantId: string, fileId: string, index: number, req: IncomingMessage): Promise<void> {
    const manager = this.dataSource.manager;
    const file = await this.loadForUpload(manager, requester, grantId, fileId, false);
    const expected = fileChunkLength(file.encrypted_size, file.chunk_count, index);
    if (expected === null) throw new DomainError(GeneralError.Validation, `the file has chunks 0 to ${file.chunk_count - 1}`);
    if (index > file.received_chunks) throw new DomainError(FileError.ChunkOrder, `The next chunk expected is ${file.received_chunks}.`);
    checkChunkHeaders(req, expected);
    const bytes = await readChunkBody(req, expected);
    const digest = createHash('sha256').update(bytes).digest();
    if (index < file.received_chunks) return this.requireSameChunk(fileId, index, digest);
    if (file.completed_at !== null) throw new DomainError(GeneralError.Conflict, 'the file is complete');
    const key = grantBlobKeys.chunk(grantId, fileId, index, randomUUID());
    await this.blobs.put(key, bytes);
    if (await this.repo.recordNextChunk(manager, fileId, { index, blobKey: key, size: bytes.length, digest })) return;
    await this.blobs.delete([key]);
    if (!(await this.repo.fileExists(manager, fileId))) throw new DomainError(GeneralError.NotFound);
    return this.requireSameChunk(fileId, index, digest);
  }

  async complete(requester: RequesterPrincipal, grantId: string, fileId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const file = await this.loadForUpload(manager, requester, grantId, fileId, true);
      if (file.completed_at !== null) return;
      const stored = await this.repo.storedTotals(manager, fileId);
      if (file.received_chunks !== file.chunk_count || stored.chunks !== file.chunk_count) throw incomplete(file.received_chunks, file.chunk_count);
      if (stored.bytes !== file.encrypted_size) throw new DomainError(GeneralError.Conflict, 'the stored chunks do not add up to the encrypted size');
      await this.repo.markComplete(manager, fileId);
      await this.audit.record(manager, {
        action: 'grant.file_uploaded',
        actor: { kind: 'requester', id: requester.requesterId },
        subject: { type: 'file', id: fileId },
        data: { grantId, reportId: file.report_id, chunkCount: file.chunk_count },
      });
    });
  }

  /** The ciphertext of a complete file as one stream, chunk by chunk from the blob store (read audited first). */
  async content(caller: GrantFileCaller, grantId: string, fileId: string): Promise<{ size: number; stream: Readable }> {
    const file = await this.dataSource.transaction(async (manager) => {
      const grant = await loadMoneyGrant(manager, grantId);
      if (!grant || !this.mayRead(caller, grant)) throw new DomainError(GeneralError.NotFound);
      const row = await this.repo.file(manager, grantId, fileId);
      if (!row) throw new DomainError(GeneralError.NotFound);
      if (row.completed_at === null) throw incomplete(row.received_chunks, row.chunk_count);
      const actor: AuditActor = caller.kind === 'staff' ? { kind: 'staff', id: caller.userId } : { kind: 'requester', id: caller.requesterId };
      await this.audit.record(manager, { action: 'grant.file_read', actor, subject: { type: 'file', id: fileId }, data: { grantId, reportId: row.report_id } });
      return row;
    });
    const { dataSource, repo, blobs } = this;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let next = 0; next < file.chunk_count; ) {
        const page = await repo.chunkKeys(dataSource.manager, fileId, next, KEYS_PER_PAGE);
        if (page.length === 0 || page[0]!.index !== next) throw new Error(`grant file ${fileId}: chunk ${next} is not recorded`);
        for (const chunk of page) {
          const blob = await blobs.get(chunk.blob_key);
          if (!blob) throw new Error(`grant file ${fileId}: the blob of chunk ${chunk.index} is missing`);
          for await (const piece of blob as AsyncIterable<Buffer>) yield piece;
          next = chunk.index + 1;
        }
      }
    }
    return { size: file.encrypted_size, stream: Readable.from(chunks(), { objectMode: false }) };
  }

  private mayRead(caller: GrantFileCaller, grant: MoneyGrantRow): boolean {
    if (caller.kind === 'requester') return grant.requester_id === caller.requesterId;
    return mayReadGrantSecrets(caller, grant);
  }

  private async ownGrant(manager: EntityManager, requester: RequesterPrincipal, grantId: string, lock: boolean): Promise<MoneyGrantRow> {
    const grant = await loadMoneyGrant(manager, grantId, lock);
    if (!grant || grant.requester_id !== requester.requesterId) throw new DomainError(GeneralError.NotFound);
    return grant;
  }

  private async loadForUpload(manager: EntityManager, requester: RequesterPrincipal, grantId: string, fileId: string, lockFile: boolean): Promise<GrantFileRow> {
    const grant = await this.ownGrant(manager, requester, grantId, false);
    const file = await this.repo.file(manager, grantId, fileId, lockFile);
    if (!file || file.uploader_kind !== 'requester' || file.uploader_id !== requester.requesterId) throw new DomainError(GeneralError.NotFound);
    if (!isReportable(grant.status) || grant.payee_shredded_at) throw new DomainError(GrantError.GrantNotReady, 'The grant no longer takes report files.');
    return file;
  }

  private async requireSameChunk(fileId: string, index: number, digest: Buffer): Promise<void> {
    const stored = await this.repo.chunk(this.dataSource.manager, fileId, index);
    if (stored && Buffer.compare(stored.digest, digest) === 0) return;
    if (!stored) this.logger.error(`grant file ${fileId}: chunk ${index} counted as received but not recorded`);
    throw new DomainError(FileError.ChunkConflict, 'Send the same bytes again, or start a new file.');
  }
}
