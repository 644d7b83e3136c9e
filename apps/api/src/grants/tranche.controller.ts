import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type StaffPrincipal, grantsContract as c } from '@ashar/domain';
import { ContractBody, ContractParams } from '../http';
import { CurrentStaff, StaffPolicy } from '../policy';
import { TrancheService } from './tranche.service';

/** Tranches of a grant: planned, sent (money leaves, at a recorded rate), settled (docs/grants.md). Finance officers only. */
@ApiTags('grants')
@Controller('v1/grants/:id/tranches')
export class TrancheController {
  constructor(private readonly tranches: TrancheService) {}

  @Post()
  @HttpCode(201)
  @StaffPolicy('disburse', 'Grant')
  @ApiOperation({ summary: 'Plan a tranche in the fund currency (approved or disbursing grant; never more than still committed)' })
  add(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.addTranche) { id }: ParamsOf<typeof c.addTranche>, @ContractBody(c.addTranche) body: BodyOf<typeof c.addTranche>): Answer<typeof c.addTranche> {
    return this.tranches.add(staff, id, body);
  }

  @Post(':trancheId/send')
  @HttpCode(200)
  @StaffPolicy('disburse', 'Grant')
  @ApiOperation({ summary: 'Record that money left: amount and currency paid, exact rate with source and time; the fund equivalent moves from committed to disbursed' })
  send(
    @CurrentStaff() staff: StaffPrincipal,
    @ContractParams(c.sendTranche) { id, trancheId }: ParamsOf<typeof c.sendTranche>,
    @ContractBody(c.sendTranche) body: BodyOf<typeof c.sendTranche>,
  ): Answer<typeof c.sendTranche> {
    return this.tranches.send(staff, id, trancheId, body);
  }

  @Post(':trancheId/settle')
  @HttpCode(200)
  @StaffPolicy('disburse', 'Grant')
  @ApiOperation({ summary: 'Settle a sent tranche: confirmed, or failed | returned (the payment is reversed back to the commitment)' })
  settle(
    @CurrentStaff() staff: StaffPrincipal,
    @ContractParams(c.settleTranche) { id, trancheId }: ParamsOf<typeof c.settleTranche>,
    @ContractBody(c.settleTranche) body: BodyOf<typeof c.settleTranche>,
  ): Answer<typeof c.settleTranche> {
    return this.tranches.settle(staff, id, trancheId, body);
  }
}
