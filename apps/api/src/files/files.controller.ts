import { pipeline } from 'node:stream/promises';
import { Body, Controller, Get, HttpCode, Logger, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CaseFileCreate, caseFileCreateSchema, fileChunkIndexSchema, idSchema } from '@ashar/domain';
import { type Request, type Response } from 'express';
import { CurrentCaller, Policy } from '../policy';
import { ZodValidationPipe } from '../http';
import { type FileCaller, FilesService } from './files.service';

const id = new ZodValidationPipe(idSchema);

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
  @ApiOperation({ summary: 'Start an encrypted file: stream header, encrypted metadata and wrapped key, sizes' })
  create(@CurrentCaller() caller: FileCaller, @Param('caseId', id) caseId: string, @Body(new ZodValidationPipe(caseFileCreateSchema)) body: CaseFileCreate) {
    return this.files.create(caller, caseId, body);
  }

  @Get()
  @Policy('read', 'CaseFile')
  @ApiOperation({ summary: 'The files of a case the caller may read (audited)' })
  list(@CurrentCaller() caller: FileCaller, @Param('caseId', id) caseId: string) {
    return this.files.list(caller, caseId);
  }

  @Get(':fileId')
  @Policy('read', 'CaseFile')
  @ApiOperation({ summary: 'One file: header, encrypted metadata, wrapped key, upload progress (audited)' })
  view(@CurrentCaller() caller: FileCaller, @Param('caseId', id) caseId: string, @Param('fileId', id) fileId: string) {
    return this.files.view(caller, caseId, fileId);
  }

  @Put(':fileId/chunks/:index')
  @HttpCode(204)
  @Policy('attach_file', 'AidCase')
  @ApiOperation({ summary: 'One encrypted chunk (application/octet-stream), the next expected or an identical copy of a stored one' })
  async putChunk(
    @CurrentCaller() caller: FileCaller,
    @Param('caseId', id) caseId: string,
    @Param('fileId', id) fileId: string,
    @Param('index', new ZodValidationPipe(fileChunkIndexSchema)) index: number,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
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
  complete(@CurrentCaller() caller: FileCaller, @Param('caseId', id) caseId: string, @Param('fileId', id) fileId: string): Promise<void> {
    return this.files.complete(caller, caseId, fileId);
  }

  @Get(':fileId/content')
  @Policy('read', 'CaseFile')
  @ApiOperation({ summary: 'The ciphertext of a complete file, streamed (audited); the browser decrypts it' })
  async content(@CurrentCaller() caller: FileCaller, @Param('caseId', id) caseId: string, @Param('fileId', id) fileId: string, @Res() res: Response): Promise<void> {
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
