import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type Principal, type StaffPrincipal, routingContract as c } from '@ashar/domain';
import { CurrentPrincipal, Policy, Public } from '../policy';
import { ContractBody, ContractParams } from '../http';
import { RoutingService } from './routing.service';

const staffOf = (p: Principal) => p as StaffPrincipal; // the policies below are staff-only

@ApiTags('routing')
@Controller('v1/routing-rules')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  @Get()
  @Public('the requester’s browser routes the request itself, to seal the case key to the routed desk')
  @ApiOperation({ summary: 'Routing rules, in the order they apply (priority, then age)' })
  list(): Answer<typeof c.list> {
    return this.routing.list();
  }

  @Post()
  @Policy('create', 'RoutingRule', 'staff')
  @ApiOperation({ summary: 'Add a routing rule (admin)' })
  create(@CurrentPrincipal() p: Principal, @ContractBody(c.create) body: BodyOf<typeof c.create>): Answer<typeof c.create> {
    return this.routing.create(staffOf(p), body);
  }

  @Put(':id')
  @Policy('update', 'RoutingRule', 'staff')
  @ApiOperation({ summary: 'Replace a routing rule (admin)' })
  update(@CurrentPrincipal() p: Principal, @ContractParams(c.update) { id }: ParamsOf<typeof c.update>, @ContractBody(c.update) body: BodyOf<typeof c.update>): Answer<typeof c.update> {
    return this.routing.update(staffOf(p), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Policy('delete', 'RoutingRule', 'staff')
  @ApiOperation({ summary: 'Remove a routing rule (admin)' })
  async delete(@CurrentPrincipal() p: Principal, @ContractParams(c.delete) { id }: ParamsOf<typeof c.delete>): Promise<void> {
    await this.routing.delete(staffOf(p), id);
  }
}
