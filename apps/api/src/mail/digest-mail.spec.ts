import { renderDigestMail } from './digest-mail';

describe('the notification digest text', () => {
  const url = 'https://ashar.example.org/staff/console';

  test('says how many of which kinds, in English, and nothing else', () => {
    const mail = renderDigestMail({ case_new: 2, requester_message: 1, grant_approval_waiting: 1 }, url);
    expect(mail.subject).toBe('Ashar: 4 notifications are waiting');
    expect(mail.text.split('\n')).toEqual([
      'Unread in the staff console:',
      '- 2 new cases on your desks',
      '- 1 reply from a requester',
      '- 1 grant waiting for your approval',
      '',
      `Open the staff console to see them: ${url}`,
      '',
      'This message holds no case details, by design.',
      '',
    ]);
    expect(renderDigestMail({ payment_waiting: 1 }, url).subject).toBe('Ashar: 1 notification is waiting');
  });

  test('in Russian, with Russian plural forms', () => {
    const ruUrl = `${url}?lang=ru`;
    expect(renderDigestMail({ case_new: 1 }, ruUrl, 'ru').subject).toBe('Ashar: 1 непрочитанное уведомление');
    expect(renderDigestMail({ case_new: 3 }, ruUrl, 'ru').text).toContain('- 3 новых дела в ваших отделах');
    const many = renderDigestMail({ case_new: 5, requester_file: 21 }, ruUrl, 'ru');
    expect(many.subject).toBe('Ashar: 26 непрочитанных уведомлений');
    expect(many.text).toContain('- 5 новых дел в ваших отделах');
    expect(many.text).toContain('- 21 файл от заявителя');
    expect(many.text).toContain(ruUrl);
  });
});
