import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal, type RoutingRule, type StaffPrincipal, routingRuleSchema } from '@ashar/domain';
import { CurrentPrincipal, Policy, Public } from '../policy';
import { ZodValidationPipe } from '../http';
import { RoutingService } from './routing.service';

const staffOf = (p: Principal) => p as StaffPrincipal; // the policies below are staff-only

@ApiTags('routing')
@Controller('v1/routing-rules')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  @Get()
  @Public('the requester’s browser routes the request itself, to seal the case key to the routed desk')
  @ApiOperation({ summary: 'Routing rules, in the order they apply (priority, then age)' })
  list() {
    return this.routing.list();
  }

  @Post()
  @Policy('create', 'RoutingRule', 'staff')
  @ApiOperation({ summary: 'Add a routing rule (admin)' })
  create(@CurrentPrincipal() p: Principal, @Body(new ZodValidationPipe(routingRuleSchema)) body: RoutingRule) {
    return this.routing.create(staffOf(p), body);
  }

  @Put(':id')
  @Policy('update', 'RoutingRule', 'staff')
  @ApiOperation({ summary: 'Replace a routing rule (admin)' })
  update(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(routingRuleSchema)) body: RoutingRule) {
    return this.routing.update(staffOf(p), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Policy('delete', 'RoutingRule', 'staff')
  @ApiOperation({ summary: 'Remove a routing rule (admin)' })
  async delete(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.routing.delete(staffOf(p), id);
  }
}
