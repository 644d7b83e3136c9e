/**
 * The text of staff notification e-mails. By design they say almost nothing: which desk has a
 * case that needs attention, and where the console is. No case id, no type, no country, no
 * name, nothing a requester wrote: e-mail leaves the system in clear, so it carries nothing
 * that the console does not already show to anyone who can sign in.
 */
export const STAFF_MAIL_KINDS = ['new_case', 'sla_breach'] as const;
export type StaffMailKind = (typeof STAFF_MAIL_KINDS)[number];

export interface StaffMail {
  subject: string;
  text: string;
}

/** Strips anything that could break a header or a line out of a desk name. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim().slice(0, 100);
}

export function renderStaffMail(kind: StaffMailKind, deskName: string, consoleUrl: string): StaffMail {
  const desk = oneLine(deskName);
  const sentence = kind === 'new_case' ? `A new case on the ${desk} desk needs attention.` : `A case on the ${desk} desk needs attention.`;
  return {
    subject: kind === 'new_case' ? `Ashar: a new case on the ${desk} desk` : `Ashar: a case on the ${desk} desk needs attention`,
    text: [sentence, '', `Open the staff console to see it: ${consoleUrl}`, '', 'This message holds no case details, by design.', ''].join('\n'),
  };
}

/** The console's address, from PUBLIC_URL. */
export function consoleUrl(publicUrl: string): string {
  return new URL('/staff/console', publicUrl).toString();
}
