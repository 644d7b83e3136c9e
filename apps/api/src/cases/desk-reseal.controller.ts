import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type QueryOf, type StaffPrincipal, deskResealContract as c } from '@ashar/domain';
import { CurrentStaff, Policy, StepUp } from '../policy';
import { ContractBody, ContractParams, ContractQuery } from '../http';
import { DeskResealService } from './desk-reseal.service';


/** Re-sealing a desk's open cases to its current certified key version after a rotation (a desk lead's browser does the sealing). */
@ApiTags('desks')
@Controller('v1/desks')
export class DeskResealController {
  constructor(private readonly reseal: DeskResealService) {}

  @Get(':deskId/reseal')
  @Policy('seal_desk_key', 'Desk')
  @ApiOperation({ summary: 'Open cases of the desk sealed only to older key versions, each with its newest older desk envelope (keyset-paged)' })
  list(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.list) { deskId }: ParamsOf<typeof c.list>, @ContractQuery(c.list) q: QueryOf<typeof c.list>): Answer<typeof c.list> {
    return this.reseal.list(staff, deskId, { limit: q.limit, ...(q.after !== undefined ? { after: q.after } : {}) });
  }

  @Post(':deskId/reseal')
  @HttpCode(200)
  @Policy('seal_desk_key', 'Desk')
  @StepUp()
  @ApiOperation({ summary: 'A batch of desk envelopes for the current certified key version, one per case (idempotent)' })
  resealBatch(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.reseal) { deskId }: ParamsOf<typeof c.reseal>, @ContractBody(c.reseal) body: BodyOf<typeof c.reseal>): Answer<typeof c.reseal> {
    return this.reseal.resealBatch(staff, deskId, body);
  }
}
