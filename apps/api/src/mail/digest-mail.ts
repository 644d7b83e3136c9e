/**
 * The text of the notification digest (issue 16): how many unread notifications of which kinds
 * wait, and where the console is. Nothing else: no case or grant id, no desk, no name, no time
 * (e-mail leaves the system in clear). Written in the member's console language (issue 15,
 * STAFF_UI_LANGUAGES), with that language's plural forms (libs/domain pluralCategory).
 */
import { STAFF_NOTIFICATION_KINDS, type StaffNotificationKind, type StaffUiLanguage, pluralCategory } from '@ashar/domain';
import { type StaffMail } from './staff-mail';

/** A phrase per plural category (`other` always given); `{n}` is the count. */
type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

interface DigestWords {
  subject: Plural;
  intro: string;
  lines: Record<StaffNotificationKind, Plural>;
  open: (url: string) => string;
  noDetails: string;
}

const WORDS: Readonly<Record<StaffUiLanguage, DigestWords>> = {
  en: {
    subject: { one: 'Ashar: {n} notification is waiting', other: 'Ashar: {n} notifications are waiting' },
    intro: 'Unread in the staff console:',
    lines: {
      case_new: { one: '{n} new case on your desks', other: '{n} new cases on your desks' },
      requester_message: { one: '{n} reply from a requester', other: '{n} replies from requesters' },
      requester_file: { one: '{n} file from a requester', other: '{n} files from requesters' },
      case_assigned: { one: '{n} case assigned to you', other: '{n} cases assigned to you' },
      case_referred: { one: '{n} case referred to your desks', other: '{n} cases referred to your desks' },
      sla_breach: { one: '{n} case past its first-response time', other: '{n} cases past their first-response time' },
      grant_approval_waiting: { one: '{n} grant waiting for your approval', other: '{n} grants waiting for your approval' },
      payment_waiting: { one: '{n} payment waiting to be made', other: '{n} payments waiting to be made' },
      grant_report_submitted: { one: '{n} grant report to decide', other: '{n} grant reports to decide' },
      grant_report_overdue: { one: '{n} grant report overdue', other: '{n} grant reports overdue' },
    },
    open: (url) => `Open the staff console to see them: ${url}`,
    noDetails: 'This message holds no case details, by design.',
  },
  ru: {
    subject: { one: 'Ashar: {n} непрочитанное уведомление', few: 'Ashar: {n} непрочитанных уведомления', other: 'Ashar: {n} непрочитанных уведомлений' },
    intro: 'Непрочитанное в консоли сотрудников:',
    lines: {
      case_new: { one: '{n} новое дело в ваших отделах', few: '{n} новых дела в ваших отделах', other: '{n} новых дел в ваших отделах' },
      requester_message: { one: '{n} ответ заявителя', few: '{n} ответа заявителей', other: '{n} ответов заявителей' },
      requester_file: { one: '{n} файл от заявителя', few: '{n} файла от заявителей', other: '{n} файлов от заявителей' },
      case_assigned: { one: '{n} дело назначено вам', few: '{n} дела назначены вам', other: '{n} дел назначено вам' },
      case_referred: { one: '{n} дело передано в ваши отделы', few: '{n} дела переданы в ваши отделы', other: '{n} дел передано в ваши отделы' },
      sla_breach: { one: '{n} дело без ответа в срок', few: '{n} дела без ответа в срок', other: '{n} дел без ответа в срок' },
      grant_approval_waiting: { one: '{n} грант ждёт вашего одобрения', few: '{n} гранта ждут вашего одобрения', other: '{n} грантов ждут вашего одобрения' },
      payment_waiting: { one: '{n} выплата ждёт проведения', few: '{n} выплаты ждут проведения', other: '{n} выплат ждут проведения' },
      grant_report_submitted: { one: '{n} отчёт по гранту ждёт решения', few: '{n} отчёта по грантам ждут решения', other: '{n} отчётов по грантам ждут решения' },
      grant_report_overdue: { one: '{n} отчёт по гранту просрочен', few: '{n} отчёта по грантам просрочены', other: '{n} отчётов по грантам просрочено' },
    },
    open: (url) => `Откройте консоль сотрудников, чтобы их увидеть: ${url}`,
    noDetails: 'В этом письме намеренно нет подробностей дела.',
  },
};

function phrase(plural: Plural, language: StaffUiLanguage, n: number): string {
  return (plural[pluralCategory(language, n)] ?? plural.other).replace('{n}', String(n));
}

export function renderDigestMail(counts: Partial<Record<StaffNotificationKind, number>>, consoleUrl: string, language: StaffUiLanguage = 'en'): StaffMail {
  const words = WORDS[language] ?? WORDS.en;
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  const lines = STAFF_NOTIFICATION_KINDS.filter((kind) => (counts[kind] ?? 0) > 0).map((kind) => `- ${phrase(words.lines[kind], language, counts[kind]!)}`);
  return {
    subject: phrase(words.subject, language, total),
    text: [words.intro, ...lines, '', words.open(consoleUrl), '', words.noDetails, ''].join('\n'),
  };
}
