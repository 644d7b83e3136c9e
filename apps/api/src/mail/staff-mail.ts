/**
 * The text of staff notification e-mails. By design they say almost nothing: which desk has a
 * case that needs attention, and where the console is. No case id, no type, no country, no
 * name, nothing a requester wrote: e-mail leaves the system in clear, so it carries nothing
 * that the console does not already show to anyone who can sign in.
 */
import { type StaffUiLanguage } from '@ashar/domain';

export const STAFF_MAIL_KINDS = ['new_case', 'sla_breach'] as const;
export type StaffMailKind = (typeof STAFF_MAIL_KINDS)[number];

export interface StaffMail {
  subject: string;
  text: string;
}

/**
 * The words of each message, per staff language (libs/domain STAFF_UI_LANGUAGES): plain tables
 * rather than an i18n library, since there are two messages of three sentences each. A desk's
 * name is data and stays as its admins wrote it; it is quoted so it reads as a name in any language.
 */
interface MailWords {
  subject: Record<StaffMailKind, (desk: string) => string>;
  sentence: Record<StaffMailKind, (desk: string) => string>;
  open: (url: string) => string;
  noDetails: string;
}

const WORDS: Readonly<Record<StaffUiLanguage, MailWords>> = {
  en: {
    subject: { new_case: (desk) => `Ashar: a new case on the ${desk} desk`, sla_breach: (desk) => `Ashar: a case on the ${desk} desk needs attention` },
    sentence: { new_case: (desk) => `A new case on the ${desk} desk needs attention.`, sla_breach: (desk) => `A case on the ${desk} desk needs attention.` },
    open: (url) => `Open the staff console to see it: ${url}`,
    noDetails: 'This message holds no case details, by design.',
  },
  ru: {
    subject: { new_case: (desk) => `Ashar: новое дело в отделе «${desk}»`, sla_breach: (desk) => `Ashar: дело в отделе «${desk}» требует внимания` },
    sentence: { new_case: (desk) => `Новое дело в отделе «${desk}» требует внимания.`, sla_breach: (desk) => `Дело в отделе «${desk}» требует внимания.` },
    open: (url) => `Откройте консоль сотрудников, чтобы его увидеть: ${url}`,
    noDetails: 'В этом письме намеренно нет подробностей дела.',
  },
};

/** Strips anything that could break a header or a line out of a desk name. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim().slice(0, 100);
}

/** The message for one member of staff, in their console language (English when it is unknown). */
export function renderStaffMail(kind: StaffMailKind, deskName: string, consoleUrl: string, language: StaffUiLanguage = 'en'): StaffMail {
  const desk = oneLine(deskName);
  const words: MailWords = WORDS[language] ?? WORDS.en;
  return {
    subject: words.subject[kind](desk),
    text: [words.sentence[kind](desk), '', words.open(consoleUrl), '', words.noDetails, ''].join('\n'),
  };
}

/** The console's address, from PUBLIC_URL; in a language other than English it opens in that language (`lang`). */
export function consoleUrl(publicUrl: string, language: StaffUiLanguage = 'en'): string {
  const url = new URL('/staff/console', publicUrl);
  if (language !== 'en') url.searchParams.set('lang', language);
  return url.toString();
}
