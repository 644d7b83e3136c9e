/**
 * The console home's "Next steps": what each role has to do now, derived from the api's answers
 * (the session, the staff list, the desks and their key lists, the inbox, notifications and the
 * grants waiting for a decision) by one pure function, so every rule is tested without a browser.
 * A fact left null was not asked (not the person's role) or is not known yet; it gives no step.
 */

/** The person's own certification as checked in the worker. */
export type OwnCertification = 'certified' | 'uncertified' | 'invalid' | 'unknown';

export interface AdminFacts {
  /** Other staff members, active or invited. */
  readonly otherStaff: number;
  /** Active staff members other than the admin whose keys carry no certificate. */
  readonly staffToCertify: number;
  /** Desks with nobody on them (an admin gives each its first lead). */
  readonly desksWithoutLead: number;
  /** Desks whose newest key version waits for an admin's certificate. */
  readonly deskKeysToCertify: number;
  /** Routing rules in force; null when the admin may not read them. */
  readonly routingRules: number | null;
}

export interface LeadFacts {
  /** Led desks with no key version at all. */
  readonly desksWithoutKey: number;
  /** Led desks whose newest version waits for an admin's certificate. */
  readonly keysAwaitingCertification: number;
  /** Members of led desks who do not hold the desk's certified version. */
  readonly membersToSeal: number;
  /** Open critical or high-urgency cases on the led desks. */
  readonly urgentCases: number;
}

export interface CaseFacts {
  /** Open cases assigned to the person. */
  readonly assignedToMe: number;
  /** Open cases nobody is assigned to, on the person's desks. */
  readonly unassigned: number;
  /** Unread notifications. */
  readonly unread: number;
}

export interface FinanceFacts {
  /** Grants waiting for an approval this person may give; null when not an approver. */
  readonly approvalsForMe: number | null;
  /** Approved grants waiting to be disbursed; null when not a finance officer. */
  readonly toDisburse: number | null;
}

export interface HomeFacts {
  readonly roles: readonly string[];
  readonly certification: OwnCertification;
  readonly admin: AdminFacts | null;
  readonly lead: LeadFacts | null;
  readonly cases: CaseFacts | null;
  readonly finance: FinanceFacts | null;
}

export const NEXT_STEP_IDS = [
  'certifySelfRoot',
  'awaitCertification',
  'certificateInvalid',
  'inviteStaff',
  'certifyStaff',
  'giveDesksLeads',
  'certifyDeskKeys',
  'setRouting',
  'createDeskKey',
  'deskKeyAwaiting',
  'sealToMembers',
  'urgentCases',
  'myCases',
  'unassigned',
  'unread',
  'approvals',
  'disburse',
  'verifyAudit',
] as const;
export type NextStepId = (typeof NEXT_STEP_IDS)[number];

export interface NextStep {
  readonly id: NextStepId;
  /** How many things the step is about (cases, people, desks); 0 when it counts nothing. */
  readonly count: number;
  /** The console screen where it is done; null when it is done on the home page or outside the console. */
  readonly to: string | null;
}

const step = (id: NextStepId, to: string | null, count = 0): NextStep => ({ id, count, to });

/** The steps in the order to take them: one's own certificate first, then each role's work. */
export function nextSteps(facts: HomeFacts): NextStep[] {
  const steps: NextStep[] = [];
  const isAdmin = facts.roles.includes('admin');
  const worksWithKeys = facts.roles.some((role) => role !== 'auditor');

  if (facts.certification === 'invalid') steps.push(step('certificateInvalid', null));
  else if (facts.certification === 'uncertified' && worksWithKeys) steps.push(step(isAdmin ? 'certifySelfRoot' : 'awaitCertification', null));

  const admin = facts.admin;
  if (isAdmin && admin) {
    if (admin.otherStaff === 0) steps.push(step('inviteStaff', '/staff/console/invite'));
    if (admin.staffToCertify > 0) steps.push(step('certifyStaff', '/staff/console/staff', admin.staffToCertify));
    if (admin.desksWithoutLead > 0) steps.push(step('giveDesksLeads', '/staff/console/desks', admin.desksWithoutLead));
    if (admin.deskKeysToCertify > 0) steps.push(step('certifyDeskKeys', '/staff/console/desks', admin.deskKeysToCertify));
    if (admin.routingRules === 0) steps.push(step('setRouting', '/staff/console/routing'));
  }

  const lead = facts.lead;
  if (lead) {
    if (lead.desksWithoutKey > 0) steps.push(step('createDeskKey', '/staff/console/my-desks', lead.desksWithoutKey));
    if (lead.keysAwaitingCertification > 0) steps.push(step('deskKeyAwaiting', '/staff/console/my-desks', lead.keysAwaitingCertification));
    if (lead.membersToSeal > 0) steps.push(step('sealToMembers', '/staff/console/my-desks', lead.membersToSeal));
    if (lead.urgentCases > 0) steps.push(step('urgentCases', '/staff/cases', lead.urgentCases));
  }

  const cases = facts.cases;
  if (cases) {
    if (cases.assignedToMe > 0) steps.push(step('myCases', '/staff/cases', cases.assignedToMe));
    if (cases.unassigned > 0) steps.push(step('unassigned', '/staff/cases', cases.unassigned));
    if (cases.unread > 0) steps.push(step('unread', '/staff/console/notifications', cases.unread));
  }

  const finance = facts.finance;
  if (finance) {
    if (finance.approvalsForMe !== null && finance.approvalsForMe > 0) steps.push(step('approvals', '/staff/console/approvals', finance.approvalsForMe));
    if (finance.toDisburse !== null && finance.toDisburse > 0) steps.push(step('disburse', '/staff/console/finance', finance.toDisburse));
  }

  if (facts.roles.includes('auditor')) steps.push(step('verifyAudit', null));
  return steps;
}
