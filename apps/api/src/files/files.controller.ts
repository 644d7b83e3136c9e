import { pipeline } from 'node:stream/promises';
import { Controller, Get, HttpCode, Logger, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, filesContract as c } from '@ashar/domain';
import { type Request, type Response } from 'express';
import { CurrentCaller, Policy } from '../policy';
import { ProofOfWork, RateLimit } from '../auth';
import { CHUNK_UPLOAD_LIMIT } from './chunk-body';
import { ContractBody, ContractParams } from '../http';
import { type FileCaller, FilesService } from './files.service';


/**
 * Encrypted attachments of a case, for its staff and its requester alike (docs/files-api.md).
 * The guard admits callers whose ability may attach to or read files of some case; the service
 * checks the case and the file themselves.
 */
@ApiTags('files')
@Controller('v1/cases/:caseId/files')
export class FilesController {
  private readonly logger = new Logger(FilesController.name);

  constructor(private readonly files: FilesService) {}

  @Post()
  @HttpCode(201)
  @Policy('attach_file', 'AidCase')
  @ProofOfWork('file-create', { onlyFor: 'requester' })
  @ApiOperation({ summary: 'Start an encrypted file: stream header, encrypted metadata and wrapped key, sizes' })
  create(@CurrentCaller() caller: FileCaller, @ContractParams(c.create) { caseId }: ParamsOf<typeof c.create>, @ContractBody(c.create) body: BodyOf<typeof c.create>): Answer<typeof c.create> {
    return this.files.create(caller, caseId, body);
  }

  @Get()
  @Policy('read', 'CaseFile')
  @ApiOperation({ summary: 'The files of a case the caller may read (audited)' })
  list(@CurrentCaller() caller: FileCaller, @ContractParams(c.list) { caseId }: ParamsOf<typeof c.list>): Answer<typeof c.list> {
    return this.files.list(caller, caseId);
  }

  @Get(':fileId')
  @Policy('read', 'CaseFile')
  @ApiOperation({ summary: 'One file: header, encrypted metadata, wrapped key, upload progress (audited)' })
  view(@CurrentCaller() caller: FileCaller, @ContractParams(c.view) { caseId, fileId }: ParamsOf<typeof c.view>): Answer<typeof c.view> {
    return this.files.view(caller, caseId, fileId);
  }

  @Put(':fileId/chunks/:index')
  @HttpCode(204)
  @RateLimit(CHUNK_UPLOAD_LIMIT)
  @Policy('attach_file', 'AidCase')
  @ApiOperation({ summary: 'One encrypted chunk (application/octet-stream), the next expected or an identical copy of a stored one' })
  async putChunk(
    @CurrentCaller() caller: FileCaller,
    @ContractParams(c.putChunk) { caseId, fileId, index }: ParamsOf<typeof c.putChunk>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Answer<typeof c.putChunk> {
    try {
      await this.files.putChunk(caller, caseId, fileId, index, req);
    } catch (err) {
      // A refused body left unread is not drained: the connection closes after the answer.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw err;
    }
  }

  @Post(':fileId/complete')
  @HttpCode(204)
  @Policy('attach_file', 'AidCase')
  @ApiOperation({ summary: 'Finish an upload once every chunk is stored' })
  complete(@CurrentCaller() caller: FileCaller, @ContractParams(c.complete) { caseId, fileId }: ParamsOf<typeof c.complete>): Promise<void> {
    return this.files.complete(caller, caseId, fileId);
  }

  @Get(':fileId/content')
  @Policy('read', 'CaseFile')
  @ApiOperation({ summary: 'The ciphertext of a complete file, streamed (audited); the browser decrypts it' })
  async content(@CurrentCaller() caller: FileCaller, @ContractParams(c.content) { caseId, fileId }: ParamsOf<typeof c.content>, @Res() res: Response): Promise<void> {
    const { size, stream } = await this.files.content(caller, caseId, fileId);
    res.status(200);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(size));
    res.setHeader('Content-Disposition', 'attachment');
    try {
      await pipeline(stream, res);
    } catch (err) {
      // Headers are out: the only honest answer left is a cut connection (the length will not match).
      if (!res.writableEnded || !res.destroyed) res.destroy();
      if ((err as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') this.logger.error(`file download failed: ${(err as Error).message}`);
    }
  }
}
