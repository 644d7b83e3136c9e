import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type StaffPrincipal, resealBatchSchema, resealQuerySchema } from '@ashar/domain';
import { type z } from 'zod';
import { CurrentStaff, Policy, StepUp } from '../policy';
import { ZodValidationPipe } from '../http';
import { DeskResealService } from './desk-reseal.service';


/** Re-sealing a desk's open cases to its current certified key version after a rotation (a desk lead's browser does the sealing). */
@ApiTags('desks')
@Controller('v1/desks')
export class DeskResealController {
  constructor(private readonly reseal: DeskResealService) {}

  @Get(':deskId/reseal')
  @Policy('seal_desk_key', 'Desk')
  @ApiOperation({ summary: 'Open cases of the desk sealed only to older key versions, each with its newest older desk envelope (keyset-paged)' })
  list(@CurrentStaff() staff: StaffPrincipal, @Param('deskId', new ParseUUIDPipe()) deskId: string, @Query(new ZodValidationPipe(resealQuerySchema)) q: z.infer<typeof resealQuerySchema>) {
    return this.reseal.list(staff, deskId, { limit: q.limit, ...(q.after !== undefined ? { after: q.after } : {}) });
  }

  @Post(':deskId/reseal')
  @HttpCode(200)
  @Policy('seal_desk_key', 'Desk')
  @StepUp()
  @ApiOperation({ summary: 'A batch of desk envelopes for the current certified key version, one per case (idempotent)' })
  resealBatch(@CurrentStaff() staff: StaffPrincipal, @Param('deskId', new ParseUUIDPipe()) deskId: string, @Body(new ZodValidationPipe(resealBatchSchema)) body: z.infer<typeof resealBatchSchema>) {
    return this.reseal.resealBatch(staff, deskId, body);
  }
}
