import { Controller, Get, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type StaffPrincipal, fundsContract as c } from '@ashar/domain';
import { CurrentStaff, StaffPolicy } from '../policy';
import { ContractBody, ContractParams } from '../http';
import { FundsService } from './funds.service';

/** Funds and budget lines: finance officers keep them; approvers and caseworkers read them (to approve, to propose). */
@ApiTags('funds')
@Controller('v1')
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  @Get('currencies')
  @StaffPolicy('read', 'Fund')
  @ApiOperation({ summary: 'The currencies the instance keeps, with their minor-unit exponents' })
  currencies(): Answer<typeof c.currencies> {
    return this.funds.currencies();
  }

  @Get('funds')
  @StaffPolicy('read', 'Fund')
  @ApiOperation({ summary: 'Every fund with its budget lines: allocated, committed, disbursed and remaining, in minor units' })
  list(): Answer<typeof c.list> {
    return this.funds.list();
  }

  @Post('funds')
  @StaffPolicy('create', 'Fund')
  @ApiOperation({ summary: 'Create a fund (donor, currency, total, period, approval policy as data)' })
  create(@CurrentStaff() staff: StaffPrincipal, @ContractBody(c.create) body: BodyOf<typeof c.create>): Answer<typeof c.create> {
    return this.funds.create(staff, body);
  }

  @Get('funds/:id')
  @StaffPolicy('read', 'Fund')
  @ApiOperation({ summary: 'A fund with its budget lines' })
  view(@ContractParams(c.view) { id }: ParamsOf<typeof c.view>): Answer<typeof c.view> {
    return this.funds.view(id);
  }

  @Put('funds/:id')
  @StaffPolicy('update', 'Fund')
  @ApiOperation({ summary: 'Change a fund’s name, donor, total (never below what is allocated), end, status or policy; the currency never changes' })
  update(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.update) { id }: ParamsOf<typeof c.update>, @ContractBody(c.update) body: BodyOf<typeof c.update>): Answer<typeof c.update> {
    return this.funds.update(staff, id, body);
  }

  @Post('funds/:id/lines')
  @StaffPolicy('update', 'Fund')
  @ApiOperation({ summary: 'Add a budget line for a purpose; the fund’s allocation grows within its total (409 over-allocated)' })
  addLine(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.addLine) { id }: ParamsOf<typeof c.addLine>, @ContractBody(c.addLine) body: BodyOf<typeof c.addLine>): Answer<typeof c.addLine> {
    return this.funds.addLine(staff, id, body);
  }

  @Put('funds/:id/lines/:lineId')
  @StaffPolicy('update', 'Fund')
  @ApiOperation({ summary: 'Change a line’s allocation: within the fund’s total (409 over-allocated), never below what the line committed and paid' })
  updateLine(
    @CurrentStaff() staff: StaffPrincipal,
    @ContractParams(c.updateLine) { id, lineId }: ParamsOf<typeof c.updateLine>,
    @ContractBody(c.updateLine) body: BodyOf<typeof c.updateLine>,
  ): Answer<typeof c.updateLine> {
    return this.funds.updateLine(staff, id, lineId, body);
  }
}
