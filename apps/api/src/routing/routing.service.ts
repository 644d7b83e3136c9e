import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type RoutingInput, type RoutingRule, type RoutingRuleView, type StaffPrincipal, INTAKE_DESK_SLUG, PROGRAMME_DESK_SLUG, receivingDesk, routeRequest, routingRuleSchema, DomainError, GeneralError } from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { ROUTING_RULES_MAX, RoutingRepository, type RoutingRuleRow } from './routing.repository';


function toRule(row: RoutingRuleRow): RoutingRule {
  // Rows were validated when written; parsing again keeps a hand-edited row from routing anywhere odd.
  return routingRuleSchema.parse({
    priority: row.priority,
    deskSlug: row.desk_slug,
    ...(row.request_type ? { requestType: row.request_type } : {}),
    ...(row.country ? { country: row.country } : {}),
    ...(row.language ? { language: row.language } : {}),
  });
}

/** The routed and intake desks of a new request, by id. */
export interface Route {
  routedDeskId: string;
  routedDeskSlug: string;
  intakeDeskId: string;
}

/**
 * Routes a request over `rules` (rows as RoutingRepository lists them) the way the browser
 * did; `deskIds` maps desk slugs to ids and must hold the intake desk. A routed desk that
 * cannot receive (`canReceive` false: no current certified key, or no such desk) gives way to
 * intake (receivingDesk).
 */
export function routeOver(rules: readonly RoutingRuleRow[], deskIds: ReadonlyMap<string, string>, input: RoutingInput, canReceive: (slug: string) => boolean = () => true): Route {
  return routeToDesks(receivingDesk(routeRequest(rules.map(toRule), input).deskSlug, canReceive), deskIds);
}

function routeToDesks(deskSlug: string, deskIds: ReadonlyMap<string, string>): Route {
  const routedDeskId = deskIds.get(deskSlug);
  const intakeDeskId = deskIds.get(INTAKE_DESK_SLUG);
  if (!routedDeskId || !intakeDeskId) throw new DomainError(GeneralError.Unavailable, 'A desk the request must go to does not exist. Ask an administrator to check the routing rules.');
  return { routedDeskId, routedDeskSlug: deskSlug, intakeDeskId };
}

/** Routing rules are data that admins edit; intake routes with libs/domain's routeRequest over them. */
@Injectable()
export class RoutingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RoutingRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<RoutingRuleView[]> {
    const rows = await this.rules.list();
    return rows.map((row) => ({ id: row.id, ...toRule(row) }));
  }

  async create(caller: StaffPrincipal, rule: RoutingRule): Promise<RoutingRuleView> {
    return this.dataSource.transaction(async (manager) => {
      const deskId = await this.deskOf(manager, rule.deskSlug);
      if ((await this.rules.count(manager)) >= ROUTING_RULES_MAX) throw new DomainError(GeneralError.Conflict, `at most ${ROUTING_RULES_MAX} routing rules`);
      const id = await this.rules.insert(manager, rule, deskId);
      await this.audit.record(manager, { action: 'routing.rule_created', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'routing_rule', id }, data: { deskId, priority: rule.priority } });
      return { id, ...rule };
    });
  }

  async update(caller: StaffPrincipal, id: string, rule: RoutingRule): Promise<RoutingRuleView> {
    return this.dataSource.transaction(async (manager) => {
      const deskId = await this.deskOf(manager, rule.deskSlug);
      if (!(await this.rules.update(manager, id, rule, deskId))) throw new DomainError(GeneralError.NotFound);
      await this.audit.record(manager, { action: 'routing.rule_updated', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'routing_rule', id }, data: { deskId, priority: rule.priority } });
      return { id, ...rule };
    });
  }

  async delete(caller: StaffPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.rules.delete(manager, id))) throw new DomainError(GeneralError.NotFound);
      await this.audit.record(manager, { action: 'routing.rule_deleted', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'routing_rule', id } });
    });
  }

  private async deskOf(manager: EntityManager, slug: string): Promise<string> {
    const id = (await this.rules.deskIdsBySlug([slug], manager)).get(slug);
    if (!id) throw new DomainError(GeneralError.Validation, 'deskSlug names no desk');
    // The programme desk holds applications to calls: its people never read aid requests (docs/calls.md).
    if (slug === PROGRAMME_DESK_SLUG) throw new DomainError(GeneralError.Validation, 'the programme desk receives applications to calls, never aid requests');
    return id;
  }
}
