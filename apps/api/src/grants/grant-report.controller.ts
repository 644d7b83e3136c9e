import { pipeline } from 'node:stream/promises';
import { Controller, Get, HttpCode, Logger, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type Answer,
  type BodyOf,
  type ParamsOf,
  type RequesterPrincipal,
  type StaffPrincipal,
  grantsContract as g,
  requesterGrantsContract as r,
} from '@ashar/domain';
import { type Request, type Response } from 'express';
import { ContractBody, ContractParams } from '../http';
import { ProofOfWork, RateLimit } from '../auth';
import { CHUNK_UPLOAD_LIMIT } from '../files';
import { CurrentRequester, CurrentStaff, SignedIn, StaffPolicy } from '../policy';
import { type GrantFileCaller, GrantFileService } from './grant-file.service';
import { GrantReadService } from './grant-read.service';
import { GrantReportService } from './grant-report.service';

/** Streams a file's ciphertext; a failure after the headers can only cut the connection. */
async function streamFile(logger: Logger, res: Response, file: { size: number; stream: NodeJS.ReadableStream }): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'application/octet-stream');
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Content-Disposition', 'attachment');
  res.setHeader('Cache-Control', 'no-store');
  try {
    await pipeline(file.stream, res);
  } catch (err) {
    if (!res.writableEnded || !res.destroyed) res.destroy();
    if ((err as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') logger.error(`grant file download failed: ${(err as Error).message}`);
  }
}

/** The grantee's reports and their receipts and photos, from the follow-up page (docs/grants.md). */
@ApiTags('grants')
@Controller('v1/requester/grants/:id')
export class RequesterGrantReportController {
  private readonly logger = new Logger(RequesterGrantReportController.name);

  constructor(
    private readonly reports: GrantReportService,
    private readonly files: GrantFileService,
  ) {}

  @Post('reports')
  @HttpCode(201)
  @SignedIn('requester')
  @ApiOperation({ summary: 'Send a report on the grant: a grant-report signed ciphertext (disbursing or disbursed; one waiting at a time)' })
  addReport(@CurrentRequester() requester: RequesterPrincipal, @ContractParams(r.addReport) { id }: ParamsOf<typeof r.addReport>, @ContractBody(r.addReport) body: BodyOf<typeof r.addReport>): Answer<typeof r.addReport> {
    return this.reports.add(requester, id, body);
  }

  @Post('reports/:reportId/files')
  @HttpCode(201)
  @SignedIn('requester')
  @ProofOfWork('file-create')
  @ApiOperation({ summary: 'Start a receipt or photo of a submitted report: stream header, encrypted metadata and wrapped key under the grant key, sizes' })
  createFile(
    @CurrentRequester() requester: RequesterPrincipal,
    @ContractParams(r.createReportFile) { id, reportId }: ParamsOf<typeof r.createReportFile>,
    @ContractBody(r.createReportFile) body: BodyOf<typeof r.createReportFile>,
  ): Answer<typeof r.createReportFile> {
    return this.files.create(requester, id, reportId, body);
  }

  @Put('files/:fileId/chunks/:index')
  @RateLimit(CHUNK_UPLOAD_LIMIT)
  @HttpCode(204)
  @SignedIn('requester')
  @ApiOperation({ summary: 'One encrypted chunk (application/octet-stream), the next expected or an identical copy of a stored one' })
  async putChunk(
    @CurrentRequester() requester: RequesterPrincipal,
    @ContractParams(r.putReportChunk) { id, fileId, index }: ParamsOf<typeof r.putReportChunk>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Answer<typeof r.putReportChunk> {
    try {
      await this.files.putChunk(requester, id, fileId, index, req);
    } catch (err) {
      if (!req.complete) res.setHeader('Connection', 'close');
      throw err;
    }
  }

  @Post('files/:fileId/complete')
  @HttpCode(204)
  @SignedIn('requester')
  @ApiOperation({ summary: 'Finish an upload once every chunk is stored' })
  complete(@CurrentRequester() requester: RequesterPrincipal, @ContractParams(r.completeReportFile) { id, fileId }: ParamsOf<typeof r.completeReportFile>): Promise<void> {
    return this.files.complete(requester, id, fileId);
  }

  @Get('files/:fileId/content')
  @SignedIn('requester')
  @ApiOperation({ summary: 'The ciphertext of a complete file of the requester’s grant, streamed (audited)' })
  async content(@CurrentRequester() requester: RequesterPrincipal, @ContractParams(r.reportFile) { id, fileId }: ParamsOf<typeof r.reportFile>, @Res() res: Response): Promise<void> {
    await streamFile(this.logger, res, await this.files.content(requester as GrantFileCaller, id, fileId));
  }
}

/** The caseworker's decision on a grantee report (docs/grants.md, "Grantee reports"). */
@ApiTags('grants')
@Controller('v1/grants/:id/reports')
export class GrantReportDecisionController {
  constructor(
    private readonly reports: GrantReportService,
    private readonly reads: GrantReadService,
  ) {}

  @Post(':reportId/decision')
  @HttpCode(200)
  @StaffPolicy('update', 'Grant')
  @ApiOperation({ summary: 'Accept a submitted report (a disbursed grant becomes reported) or ask for more (the requester may send another); the case’s caseworkers only' })
  async decide(
    @CurrentStaff() staff: StaffPrincipal,
    @ContractParams(g.decideReport) { id, reportId }: ParamsOf<typeof g.decideReport>,
    @ContractBody(g.decideReport) body: BodyOf<typeof g.decideReport>,
  ): Answer<typeof g.decideReport> {
    await this.reports.decide(staff, id, reportId, body);
    return this.reads.view(staff, id);
  }
}

/** Report files for staff: case staff and finance officers, who may read the payee details. */
@ApiTags('grants')
@Controller('v1/grants/:id/files')
export class GrantReportFileController {
  private readonly logger = new Logger(GrantReportFileController.name);

  constructor(private readonly files: GrantFileService) {}

  @Get(':fileId/content')
  // Signed-in staff; the service answers 404 to anyone who may not read the grant's secrets (admins, auditors, approvers alike).
  @SignedIn('staff')
  @ApiOperation({ summary: 'The ciphertext of a complete report file, streamed (audited); the browser decrypts it with the grant key' })
  async content(@CurrentStaff() staff: StaffPrincipal, @ContractParams(g.reportFile) { id, fileId }: ParamsOf<typeof g.reportFile>, @Res() res: Response): Promise<void> {
    await streamFile(this.logger, res, await this.files.content(staff, id, fileId));
  }
}
