import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type BodyOf, type FundView, type StaffPrincipal, DomainError, GeneralError, GrantError, fundsContract as c } from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { FundRepository } from './fund.repository';
import { fundView, lineView } from './grant-views';

const actor = (caller: StaffPrincipal) => ({ kind: 'staff' as const, id: caller.userId });

/**
 * Funds and their budget lines (docs/grants.md, "Funds and budget lines"). A line's allocation
 * changes with a conditional UPDATE on its fund in the same transaction (`over-allocated` when the
 * fund's total has no room), and never drops below what the line has committed and paid.
 */
@Injectable()
export class FundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly audit: AuditService,
  ) {}

  currencies() {
    return this.funds.currencies(this.dataSource.manager);
  }

  async list(): Promise<FundView[]> {
    const manager = this.dataSource.manager;
    const funds = await this.funds.list(manager);
    const lines = await this.funds.lines(manager, funds.map((f) => f.id));
    return funds.map((f) => fundView(f, lines));
  }

  async view(id: string, manager: EntityManager = this.dataSource.manager): Promise<FundView> {
    const fund = await this.funds.find(manager, id);
    if (!fund) throw new DomainError(GeneralError.NotFound);
    return fundView(fund, await this.funds.lines(manager, [id]));
  }

  async create(caller: StaffPrincipal, body: BodyOf<typeof c.create>): Promise<FundView> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.funds.currencyExists(manager, body.currency))) throw new DomainError(GeneralError.Validation, 'currency is not one the instance keeps');
      const id = await this.funds.insert(manager, { ...body, createdBy: caller.userId });
      await this.audit.record(manager, { action: 'fund.created', actor: actor(caller), subject: { type: 'fund', id }, data: { currency: body.currency, totalMinor: body.totalMinor } });
      return this.view(id, manager);
    });
  }

  async update(caller: StaffPrincipal, id: string, body: BodyOf<typeof c.update>): Promise<FundView> {
    return this.dataSource.transaction(async (manager) => {
      const fund = await this.funds.find(manager, id, true);
      if (!fund) throw new DomainError(GeneralError.NotFound);
      if (body.periodEnd < fund.period_start) throw new DomainError(GeneralError.Validation, 'periodEnd is before the fund’s period starts');
      if (!(await this.funds.update(manager, id, body))) throw new DomainError(GrantError.OverAllocated, 'The total is less than what the budget lines already hold');
      await this.audit.record(manager, {
        action: 'fund.updated',
        actor: actor(caller),
        subject: { type: 'fund', id },
        data: { totalMinor: body.totalMinor, status: body.status, periodEnd: body.periodEnd },
      });
      return this.view(id, manager);
    });
  }

  async addLine(caller: StaffPrincipal, fundId: string, body: BodyOf<typeof c.addLine>) {
    return this.dataSource.transaction(async (manager) => {
      const fund = await this.funds.find(manager, fundId);
      if (!fund) throw new DomainError(GeneralError.NotFound);
      if (!(await this.funds.allocate(manager, fundId, BigInt(body.allocatedMinor)))) {
        throw new DomainError(GrantError.OverAllocated, 'The fund’s total has no room for this allocation');
      }
      const lineId = await this.funds.insertLine(manager, fundId, body.purpose, body.allocatedMinor);
      if (lineId === null) throw new DomainError(GeneralError.Conflict, 'The fund already has a budget line for this purpose');
      await this.audit.record(manager, { action: 'fund.line_added', actor: actor(caller), subject: { type: 'fund', id: fundId }, data: { lineId, purpose: body.purpose, allocatedMinor: body.allocatedMinor } });
      const line = await this.funds.line(manager, fundId, lineId);
      return lineView(line!);
    });
  }

  async updateLine(caller: StaffPrincipal, fundId: string, lineId: string, body: BodyOf<typeof c.updateLine>) {
    return this.dataSource.transaction(async (manager) => {
      // The line first, then the fund: the order every money movement locks them in.
      const line = await this.funds.line(manager, fundId, lineId, true);
      if (!line) throw new DomainError(GeneralError.NotFound);
      const delta = BigInt(body.allocatedMinor) - BigInt(line.allocated_minor);
      if (delta === 0n) return lineView(line);
      if (!(await this.funds.setLineAllocation(manager, lineId, body.allocatedMinor))) {
        throw new DomainError(GeneralError.Conflict, 'A budget line’s allocation never drops below what it has committed and paid');
      }
      if (!(await this.funds.allocate(manager, fundId, delta))) throw new DomainError(GrantError.OverAllocated, 'The fund’s total has no room for this allocation');
      await this.audit.record(manager, {
        action: 'fund.line_changed',
        actor: actor(caller),
        subject: { type: 'fund', id: fundId },
        data: { lineId, fromMinor: line.allocated_minor, toMinor: body.allocatedMinor },
      });
      return lineView((await this.funds.line(manager, fundId, lineId))!);
    });
  }
}
