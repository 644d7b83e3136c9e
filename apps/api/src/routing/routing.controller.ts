import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type RoutingRule, type StaffPrincipal, routingRuleSchema } from '@ashar/domain';
import { CurrentStaff, Public, StaffPolicy } from '../policy';
import { ZodValidationPipe } from '../http';
import { RoutingService } from './routing.service';


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
  @StaffPolicy('create', 'RoutingRule')
  @ApiOperation({ summary: 'Add a routing rule (admin)' })
  create(@CurrentStaff() staff: StaffPrincipal, @Body(new ZodValidationPipe(routingRuleSchema)) body: RoutingRule) {
    return this.routing.create(staff, body);
  }

  @Put(':id')
  @StaffPolicy('update', 'RoutingRule')
  @ApiOperation({ summary: 'Replace a routing rule (admin)' })
  update(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(routingRuleSchema)) body: RoutingRule) {
    return this.routing.update(staff, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @StaffPolicy('delete', 'RoutingRule')
  @ApiOperation({ summary: 'Remove a routing rule (admin)' })
  async delete(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.routing.delete(staff, id);
  }
}
