/**
 * The text of the notification digest (issue 16): how many unread notifications of which kinds
 * wait, and where the console is. Nothing else: no case or grant id, no desk, no name, no time
 * (e-mail leaves the system in clear). English; per-language texts follow the staff member's
 * language where the installation has them.
 */
import { STAFF_NOTIFICATION_KINDS, type StaffNotificationKind } from '@ashar/domain';
import { type StaffMail } from './staff-mail';

/** One line per kind: [one, many] (`{n}` is the count). */
const LINES: Record<StaffNotificationKind, readonly [string, string]> = {
  case_new: ['1 new case on your desks', '{n} new cases on your desks'],
  requester_message: ['1 reply from a requester', '{n} replies from requesters'],
  requester_file: ['1 file from a requester', '{n} files from requesters'],
  case_assigned: ['1 case assigned to you', '{n} cases assigned to you'],
  case_referred: ['1 case referred to your desks', '{n} cases referred to your desks'],
  sla_breach: ['1 case past its first-response time', '{n} cases past their first-response time'],
  grant_approval_waiting: ['1 grant waiting for your approval', '{n} grants waiting for your approval'],
  payment_waiting: ['1 payment waiting to be made', '{n} payments waiting to be made'],
  grant_report_submitted: ['1 grant report to decide', '{n} grant reports to decide'],
  grant_report_overdue: ['1 grant report overdue', '{n} grant reports overdue'],
};

export function renderDigestMail(counts: Partial<Record<StaffNotificationKind, number>>, consoleUrl: string): StaffMail {
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  const lines = STAFF_NOTIFICATION_KINDS.filter((kind) => (counts[kind] ?? 0) > 0).map((kind) => {
    const n = counts[kind]!;
    return `- ${(n === 1 ? LINES[kind][0] : LINES[kind][1]).replace('{n}', String(n))}`;
  });
  return {
    subject: total === 1 ? 'Ashar: 1 notification is waiting' : `Ashar: ${total} notifications are waiting`,
    text: ['Unread in the staff console:', ...lines, '', `Open the staff console to see them: ${consoleUrl}`, '', 'This message holds no case details, by design.', ''].join('\n'),
  };
}
