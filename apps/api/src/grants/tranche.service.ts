import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CurrencyCode,
  type StaffPrincipal,
  DomainError,
  GeneralError,
  GrantError,
  MAX_MINOR,
  asSubject,
  assertGrantTransition,
  defineAbilityFor,
  fundEquivalent,
  trancheCreateSchema,
  trancheSendSchema,
  trancheSettleSchema,
  trancheViewSchema,
} from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type z } from 'zod';
import { type AuditActor, AuditService } from '../audit';
import { pay, reverse } from './money-movements';
import { type MoneyGrantRow, grantSubject, loadMoneyGrant, requireReadableGrant } from './money-grant-rows';
import { TRANCHES_PER_GRANT_MAX, TrancheRepository, type TrancheRow } from './tranche.repository';
import { GrantNotices } from './grant-notices';

export type TrancheView = z.infer<typeof trancheViewSchema>;

const refused = (detail: string) => new DomainError(GrantError.TrancheRefused, detail);

/**
 * Tranches of a grant (docs/grants.md, "Disbursement and the ledger"), for finance officers
 * (Grant disburse). A tranche is planned in the fund currency; sending it records the amount and
 * currency actually paid, the rate (an exact decimal: NUMERIC in the database, a string in JSON),
 * its source and time, and the fund-currency equivalent (money.ts fundEquivalent, half to even),
 * which money-movements moves from committed to disbursed (never more than the grant still has
 * committed: `tranche-refused`). The first tranche sent moves the grant approved → disbursing.
 * A failed or returned tranche reverses its payment: the money goes back to the commitment.
 */
@Injectable()
export class TrancheService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tranches: TrancheRepository,
    private readonly audit: AuditService,
    private readonly notices: GrantNotices,
  ) {}

  async add(staff: StaffPrincipal, grantId: string, body: z.infer<typeof trancheCreateSchema>): Promise<TrancheView> {
    return this.dataSource.transaction(async (manager) => {
      const grant = await this.financeGrant(manager, staff, grantId);
      if (grant.status !== 'approved' && grant.status !== 'disbursing') throw new DomainError(GrantError.GrantNotReady, 'Tranches are planned for an approved grant or one being paid.');
      const planned = await this.tranches.plannedOf(manager, grantId);
      if (planned.count >= TRANCHES_PER_GRANT_MAX) throw refused(`A grant has at most ${TRANCHES_PER_GRANT_MAX} tranches.`);
      if (planned.scheduled + BigInt(body.plannedMinor) > BigInt(grant.committed_minor)) {
        throw refused('The tranches planned would pay more than the grant still has committed.');
      }
      const id = await this.tranches.insert(manager, { grantId, method: body.method, plannedMinor: body.plannedMinor, scheduledOn: body.scheduledOn, createdBy: staff.userId });
      await this.audit.record(manager, {
        action: 'disbursement.scheduled',
        actor: actorOf(staff),
        subject: { type: 'disbursement', id },
        data: { grantId, trancheId: id, method: body.method },
      });
      // A tranche waits to be paid: the other finance officers hear of it.
      await this.notices.paymentWaiting(manager, grantId, `tranche:${id}`, staff.userId);
      return trancheView((await this.tranches.one(manager, grantId, id))!);
    });
  }

  async send(staff: StaffPrincipal, grantId: string, trancheId: string, body: z.infer<typeof trancheSendSchema>): Promise<TrancheView> {
    return this.dataSource.transaction(async (manager) => {
      const grant = await this.financeGrant(manager, staff, grantId);
      if (grant.status !== 'approved' && grant.status !== 'disbursing') throw new DomainError(GrantError.GrantNotReady, 'Money leaves for an approved grant or one being paid.');
      const tranche = await this.tranches.one(manager, grantId, trancheId, true);
      if (!tranche) throw new DomainError(GeneralError.NotFound);
      if (tranche.status !== 'scheduled') throw new DomainError(GeneralError.Conflict, `This tranche is ${tranche.status}, not scheduled.`);
      const fundCurrency = grant.currency as CurrencyCode;
      let equivalent: bigint;
      try {
        equivalent = fundEquivalent({ minor: BigInt(body.paidMinor), currency: body.paidCurrency }, fundCurrency, body.rate);
      } catch (err) {
        if (err instanceof RangeError) throw refused('A payment in the fund currency has the rate 1.');
        throw err;
      }
      if (equivalent <= 0n) throw refused('The amount paid is worth nothing in the fund currency at this rate.');
      if (equivalent > MAX_MINOR) throw refused('The amount paid is too large.');
      if (equivalent > BigInt(grant.committed_minor)) throw refused('This payment is worth more than the grant still has committed.');
      const actor = actorOf(staff);
      // Conditional in the database as well: never more than the grant, its line and fund still have committed.
      await pay(manager, grantId, trancheId, equivalent, { paidMinor: BigInt(body.paidMinor), paidCurrency: body.paidCurrency, rate: body.rate }, staff.userId);
      await this.tranches.markSent(manager, trancheId, {
        paidMinor: body.paidMinor,
        paidCurrency: body.paidCurrency,
        rate: body.rate,
        rateSource: body.rateSource,
        rateAt: body.rateAt,
        fundEquivalentMinor: equivalent.toString(),
      });
      if (grant.status === 'approved') await this.startDisbursing(manager, grantId, actor);
      await this.audit.record(manager, {
        action: 'disbursement.sent',
        actor,
        subject: { type: 'disbursement', id: trancheId },
        data: { grantId, trancheId, paidCurrency: body.paidCurrency, fundCurrency },
      });
      return trancheView((await this.tranches.one(manager, grantId, trancheId))!);
    });
  }

  async settle(staff: StaffPrincipal, grantId: string, trancheId: string, body: z.infer<typeof trancheSettleSchema>): Promise<TrancheView> {
    return this.dataSource.transaction(async (manager) => {
      const grant = await this.financeGrant(manager, staff, grantId);
      const tranche = await this.tranches.one(manager, grantId, trancheId, true);
      if (!tranche) throw new DomainError(GeneralError.NotFound);
      if (tranche.status !== 'sent') throw new DomainError(GeneralError.Conflict, `This tranche is ${tranche.status}, not sent.`);
      if (grant.status !== 'disbursing') throw new DomainError(GrantError.GrantNotReady, 'Tranches are settled while the grant is being paid.');
      if (body.outcome !== 'confirmed') {
        const payment = await this.tranches.openPayment(manager, trancheId);
        if (!payment) throw new DomainError(GeneralError.Conflict, 'This tranche has no payment left to reverse.');
        await reverse(manager, payment.seq, staff.userId);
      }
      await this.tranches.settle(manager, trancheId, body.outcome);
      await this.audit.record(manager, {
        action: `disbursement.${body.outcome}`,
        actor: actorOf(staff),
        subject: { type: 'disbursement', id: trancheId },
        data: { grantId, trancheId },
      });
      return trancheView((await this.tranches.one(manager, grantId, trancheId))!);
    });
  }

  /** The grant, locked, for a finance officer: 404 when unreadable, 403 when readable but not theirs to pay. */
  private async financeGrant(manager: EntityManager, staff: StaffPrincipal, grantId: string): Promise<MoneyGrantRow> {
    const grant = requireReadableGrant(staff, await loadMoneyGrant(manager, grantId, true));
    if (!defineAbilityFor(staff).can('disburse', asSubject('Grant', grantSubject(grant)))) throw new DomainError(GeneralError.Forbidden, 'Tranches are recorded by finance officers');
    return grant;
  }

  private async startDisbursing(manager: EntityManager, grantId: string, actor: AuditActor): Promise<void> {
    const edge = assertGrantTransition('approved', 'disbursing', ['system']);
    await manager.query(`UPDATE grants SET status = 'disbursing', updated_at = now() WHERE id = $1 AND status = 'approved'`, [grantId]);
    await this.audit.record(manager, {
      action: 'grant.status_changed',
      actor,
      subject: { type: 'grant', id: grantId },
      data: { grantId, from: 'approved', to: 'disbursing', transition: edge.name },
    });
  }
}

const actorOf = (staff: StaffPrincipal): AuditActor => ({ kind: 'staff', id: staff.userId });

export function trancheView(t: TrancheRow): TrancheView {
  return {
    id: t.id,
    seq: t.seq,
    status: t.status,
    method: t.method,
    plannedMinor: t.planned_minor,
    scheduledOn: t.scheduled_on,
    paidMinor: t.paid_minor,
    paidCurrency: t.paid_currency as TrancheView['paidCurrency'],
    rate: t.rate,
    rateSource: t.rate_source,
    rateAt: t.rate_at?.toISOString() ?? null,
    fundEquivalentMinor: t.fund_equivalent_minor,
    sentAt: t.sent_at?.toISOString() ?? null,
    settledAt: t.settled_at?.toISOString() ?? null,
  };
}
