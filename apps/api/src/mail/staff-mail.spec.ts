import { STAFF_UI_LANGUAGES } from '@ashar/domain';
import { STAFF_MAIL_KINDS, consoleUrl, renderStaffMail } from './staff-mail';

describe('staff notification e-mail text', () => {
  it('names the desk and the console, nothing else', () => {
    const mail = renderStaffMail('sla_breach', 'Legal aid', consoleUrl('https://ashar.example.org/anything?x=1'));
    expect(mail.subject).toBe('Ashar: a case on the Legal aid desk needs attention');
    expect(mail.text).toBe('A case on the Legal aid desk needs attention.\n\nOpen the staff console to see it: https://ashar.example.org/staff/console\n\nThis message holds no case details, by design.\n');
    expect(renderStaffMail('new_case', 'Legal aid', 'http://localhost:3000/staff/console').text.split('\n')[0]).toBe('A new case on the Legal aid desk needs attention.');
  });

  it('keeps a desk name on one line, so it cannot add a header or a paragraph', () => {
    const mail = renderStaffMail('new_case', 'Legal\r\nBcc: someone@example.org', 'http://localhost/staff/console');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text.split('\n')[0]).toBe('A new case on the Legal Bcc: someone@example.org desk needs attention.');
  });
});

describe('staff notification e-mail in the recipient’s language', () => {
  it('writes Russian for a member of staff who reads the console in Russian, with the console opening in Russian', () => {
    const mail = renderStaffMail('new_case', 'Legal aid', consoleUrl('https://ashar.example.org', 'ru'), 'ru');
    expect(mail.subject).toBe('Ashar: новое дело в отделе «Legal aid»');
    expect(mail.text).toBe(
      'Новое дело в отделе «Legal aid» требует внимания.\n\nОткройте консоль сотрудников, чтобы его увидеть: https://ashar.example.org/staff/console?lang=ru\n\nВ этом письме намеренно нет подробностей дела.\n',
    );
    expect(renderStaffMail('sla_breach', 'Legal aid', 'u', 'ru').subject).toBe('Ashar: дело в отделе «Legal aid» требует внимания');
  });

  it('has every message in every staff language', () => {
    for (const language of STAFF_UI_LANGUAGES) {
      for (const kind of STAFF_MAIL_KINDS) {
        const mail = renderStaffMail(kind, 'Desk', 'https://x.example/staff/console', language);
        expect(mail.subject).toContain('Desk');
        expect(mail.text.split('\n')).toHaveLength(6);
      }
    }
  });
});
