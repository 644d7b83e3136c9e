import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type StaffPrincipal, routingContract as c } from '@ashar/domain';
import { CurrentStaff, Public, StaffPolicy, StepUp } from '../policy';
import { ContractBody, ContractParams } from '../http';
import { RoutingService } from './routing.service';


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
  @StaffPolicy('create', 'RoutingRule')
  @StepUp()
  @ApiOperation({ summary: 'Add a routing rule (admin)' })
  create(@CurrentStaff() staff: StaffPrincipal, @ContractBody(c.create) body: BodyOf<typeof c.create>): Answer<typeof c.create> {
    return this.routing.create(staff, body);
  }

  @Put(':id')
  @StaffPolicy('update', 'RoutingRule')
  @StepUp()
  @ApiOperation({ summary: 'Replace a routing rule (admin)' })
  update(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.update) { id }: ParamsOf<typeof c.update>, @ContractBody(c.update) body: BodyOf<typeof c.update>): Answer<typeof c.update> {
    return this.routing.update(staff, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @StaffPolicy('delete', 'RoutingRule')
  @StepUp()
  @ApiOperation({ summary: 'Remove a routing rule (admin)' })
  async delete(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.delete) { id }: ParamsOf<typeof c.delete>): Promise<void> {
    await this.routing.delete(staff, id);
  }
}
