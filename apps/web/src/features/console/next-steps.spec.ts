import { describe, expect, it } from '@jest/globals';
import { type HomeFacts, nextSteps } from './next-steps';

const NOTHING: HomeFacts = { roles: [], certification: 'certified', admin: null, lead: null, cases: null, finance: null };
const ids = (facts: Partial<HomeFacts>) => nextSteps({ ...NOTHING, ...facts }).map((s) => (s.count ? `${s.id}:${s.count}` : s.id));

describe('nextSteps', () => {
  it('tells the first admin, alone and uncertified, to bring the root certificate, invite staff, give desks leads and set routing', () => {
    expect(
      ids({
        roles: ['admin'],
        certification: 'uncertified',
        admin: { otherStaff: 0, staffToCertify: 0, desksWithoutLead: 4, deskKeysToCertify: 0, routingRules: 0 },
      }),
    ).toEqual(['certifySelfRoot', 'inviteStaff', 'giveDesksLeads:4', 'setRouting']);
  });

  it('tells a certified admin whom to certify and which desk keys wait, with where to do it', () => {
    const steps = nextSteps({ ...NOTHING, roles: ['admin'], admin: { otherStaff: 5, staffToCertify: 2, desksWithoutLead: 0, deskKeysToCertify: 1, routingRules: 3 } });
    expect(steps).toEqual([
      { id: 'certifyStaff', count: 2, to: '/staff/console/staff' },
      { id: 'certifyDeskKeys', count: 1, to: '/staff/console/desks' },
    ]);
  });

  it('says nothing about routing when the admin may not read the rules', () => {
    expect(ids({ roles: ['admin'], admin: { otherStaff: 1, staffToCertify: 0, desksWithoutLead: 0, deskKeysToCertify: 0, routingRules: null } })).toEqual([]);
  });

  it('tells an uncertified caseworker that an administrator certifies them, then their cases and notifications', () => {
    expect(ids({ roles: ['caseworker'], certification: 'uncertified', cases: { assignedToMe: 3, unassigned: 7, unread: 2 } })).toEqual([
      'awaitCertification',
      'myCases:3',
      'unassigned:7',
      'unread:2',
    ]);
  });

  it('gives a desk lead the key steps before the urgent cases, and no step for what is done', () => {
    expect(ids({ roles: ['desk_lead'], lead: { desksWithoutKey: 1, keysAwaitingCertification: 1, membersToSeal: 2, urgentCases: 4 }, cases: { assignedToMe: 0, unassigned: 0, unread: 0 } })).toEqual([
      'createDeskKey:1',
      'deskKeyAwaiting:1',
      'sealToMembers:2',
      'urgentCases:4',
    ]);
    expect(ids({ roles: ['desk_lead'], lead: { desksWithoutKey: 0, keysAwaitingCertification: 0, membersToSeal: 0, urgentCases: 0 } })).toEqual([]);
  });

  it('counts approvals only for approvers and disbursements only for finance officers', () => {
    expect(ids({ roles: ['finance_approver'], finance: { approvalsForMe: 2, toDisburse: null } })).toEqual(['approvals:2']);
    expect(ids({ roles: ['finance_officer'], finance: { approvalsForMe: null, toDisburse: 1 } })).toEqual(['disburse:1']);
    expect(ids({ roles: ['director'], finance: { approvalsForMe: 0, toDisburse: null } })).toEqual([]);
  });

  it('sends the auditor to verify the audit chain, and never asks them for a key certificate', () => {
    expect(ids({ roles: ['auditor'], certification: 'uncertified' })).toEqual(['verifyAudit']);
  });

  it('puts an invalid certificate first, for every role, and ignores facts of roles the person lacks', () => {
    expect(ids({ roles: ['caseworker'], certification: 'invalid', admin: { otherStaff: 0, staffToCertify: 3, desksWithoutLead: 1, deskKeysToCertify: 1, routingRules: 0 } })).toEqual([
      'certificateInvalid',
    ]);
  });

  it('gives no certification step while the check is under way', () => {
    expect(ids({ roles: ['caseworker'], certification: 'unknown' })).toEqual([]);
  });
});
