import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type QueryOf, type StaffPrincipal, fundsContract as c } from '@ashar/domain';
import { type Response } from 'express';
import { ContractQuery } from '../http';
import { CurrentStaff, StaffPolicy } from '../policy';
import { LedgerService } from './ledger.service';

/** The ledger of a fund and its downloads (docs/grants.md, "Disbursement and the ledger"). */
@ApiTags('grants')
@Controller('v1/ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get()
  @StaffPolicy('read', 'Report')
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The ledger of a fund over a period: JSON, or a download as CSV or xlsx (format=csv|xlsx; finance officers; audited)' })
  async read(@CurrentStaff() staff: StaffPrincipal, @ContractQuery(c.ledger) query: QueryOf<typeof c.ledger>, @Res() res: Response): Promise<void> {
    const answer = await this.ledger.read(staff, query);
    res.status(200);
    res.setHeader('Cache-Control', 'no-store');
    if ('json' in answer) {
      res.json(answer.json);
      return;
    }
    const { body, contentType, fileName } = answer.file;
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', String(body.length));
    // The name is built from a uuid, ISO dates and a format: nothing to escape, quoted all the same.
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.end(body);
  }
}
