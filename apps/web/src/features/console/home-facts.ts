/**
 * The facts the console home's next steps are derived from (next-steps.ts), each asked only of
 * the roles it concerns, from endpoints the other screens use already: the staff list, the
 * desks with their members and key lists, the inbox (open cases, at most a page of 100 counted),
 * unread notifications, and the grants waiting for a decision. Counts stop at 100.
 */
import { queryOptions, skipToken } from '@tanstack/react-query';
import { OPEN_CASE_STATUSES, type Urgency, isApprover } from '@ashar/domain';
import { inbox, notifications } from '../../api/cases';
import { deskKeys, deskMembers, listDesks } from '../../api/desks';
import { listGrants } from '../../api/grants';
import { type Session, currentSession, listStaff } from '../../api/identity';
import { listRoutingRules } from '../../api/routing';
import { deskKeyVersions, ledDesks, memberDesks } from '../desks';
import { abilityOf } from '../identity';
import { type AdminFacts, type CaseFacts, type FinanceFacts, type HomeFacts, type LeadFacts } from './next-steps';

const COUNT_LIMIT = 100;
const URGENT: readonly Urgency[] = ['critical', 'high'];

async function openCases(query: { deskId?: string; assignee?: 'me' | 'none'; urgencies?: readonly Urgency[] }): Promise<number> {
  return (await inbox({ ...query, statuses: OPEN_CASE_STATUSES, limit: COUNT_LIMIT })).items.length;
}

async function adminFacts(session: Session): Promise<AdminFacts> {
  const ability = abilityOf(session);
  const [staff, desks, rules] = await Promise.all([listStaff(), listDesks(), ability.can('read', 'RoutingRule') ? listRoutingRules() : Promise.resolve(null)]);
  const others = staff.filter((s) => s.id !== session.staff.id);
  const perDesk = await Promise.all(desks.map(async (d) => ({ members: await deskMembers(d.id), versions: deskKeyVersions(await deskKeys(d.id)) })));
  return {
    otherStaff: others.length,
    staffToCertify: others.filter((s) => s.status === 'active' && !s.certified).length,
    desksWithoutLead: perDesk.filter((d) => d.members.length === 0).length,
    deskKeysToCertify: perDesk.filter((d) => d.versions.awaiting !== null && d.versions.awaiting.chain === null).length,
    routingRules: rules === null ? null : rules.length,
  };
}

async function leadFacts(deskIds: readonly string[]): Promise<LeadFacts> {
  const perDesk = await Promise.all(
    deskIds.map(async (deskId) => {
      const [keys, members, urgent] = await Promise.all([deskKeys(deskId), deskMembers(deskId), openCases({ deskId, urgencies: URGENT })]);
      return { keys, members, urgent, versions: deskKeyVersions(keys) };
    }),
  );
  return {
    desksWithoutKey: perDesk.filter((d) => d.keys.length === 0).length,
    keysAwaitingCertification: perDesk.filter((d) => d.versions.awaiting !== null && d.versions.awaiting.chain === null).length,
    membersToSeal: perDesk.reduce((sum, d) => {
      const current = d.versions.certified?.version;
      return current === undefined ? sum : sum + d.members.filter((m) => !m.keyVersions.includes(current)).length;
    }, 0),
    urgentCases: Math.min(
      COUNT_LIMIT,
      perDesk.reduce((sum, d) => sum + d.urgent, 0),
    ),
  };
}

async function caseFacts(session: Session): Promise<CaseFacts> {
  const [assignedToMe, queues, unread] = await Promise.all([
    openCases({ assignee: 'me' }),
    Promise.all(memberDesks(session).map((deskId) => openCases({ deskId, assignee: 'none' }))),
    notifications({ unread: true, limit: COUNT_LIMIT }),
  ]);
  return { assignedToMe, unassigned: Math.min(COUNT_LIMIT, queues.reduce((a, b) => a + b, 0)), unread: unread.items.length };
}

async function financeFacts(roles: readonly string[]): Promise<FinanceFacts | null> {
  const approver = isApprover(roles);
  const officer = roles.includes('finance_officer');
  if (!approver && !officer) return null;
  const [approvals, disbursements] = await Promise.all([approver ? listGrants({ waiting: 'approval' }) : null, officer ? listGrants({ waiting: 'disbursement' }) : null]);
  return {
    approvalsForMe: approvals === null ? null : approvals.filter((g) => g.standing?.mayApprove).length,
    toDisburse: disbursements === null ? null : disbursements.length,
  };
}

/** Everything but the person's own certification, which the home page checks in the worker already. */
export const homeFactsQuery = (session: Session | null) =>
  queryOptions({
    queryKey: ['home', 'next-steps', session?.staff.id ?? ''] as const,
    queryFn: session
      ? async (): Promise<Omit<HomeFacts, 'certification'>> => {
          // Roles and desks as the api sees them now: a lead may have removed the person from a desk
          // since this console's session was read (its cases would answer 404).
          const now: Session = (await currentSession()) ?? session;
          const roles = now.staff.roles;
          const led = ledDesks(now);
          const worksCases = abilityOf(now).can('read', 'AidCase');
          const [admin, lead, cases, finance] = await Promise.all([
            roles.includes('admin') ? adminFacts(now) : null,
            led.length > 0 ? leadFacts(led) : null,
            worksCases ? caseFacts(now) : null,
            financeFacts(roles),
          ]);
          return { roles, admin, lead, cases, finance };
        }
      : skipToken,
  });
