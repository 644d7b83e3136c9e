import { type CallInput } from '@ashar/domain';
import { type TestApp } from './app';

/** A call for media outlets as the issue quotes it: up to 12 outlets, six per country, until 14 December 2026, 24:00 Nur-Sultan (Asia/Almaty) time. */
export function mediaCallBody(overrides: Partial<CallInput> = {}): CallInput {
  return {
    kind: 'media_grants',
    texts: {
      en: { title: 'Support for independent media', description: 'Up to 12 outlets, up to six in each country.', eligibility: 'Registered media outlets in Kazakhstan and Kyrgyzstan.' },
      ru: { title: 'Поддержка независимых СМИ', description: 'До 12 редакций, не более шести из каждой страны.', eligibility: 'Зарегистрированные СМИ Казахстана и Кыргызстана.' },
    },
    form: [
      { name: 'outlet', kind: 'text', required: true, maxLength: 200, label: { en: 'Name of the outlet', ru: 'Название издания' } },
      { name: 'motivation', kind: 'textarea', required: true, maxLength: 8000, label: { en: 'Motivation letter', ru: 'Мотивационное письмо' } },
    ],
    quotas: { total: 12, perCountry: { KZ: 6, KG: 6 } },
    timeZone: 'Asia/Almaty',
    opensLocal: '2026-11-20T09:00',
    closesLocal: '2026-12-14T24:00',
    decisionOn: '2026-12-21',
    notifyOn: '2026-12-25',
    ...overrides,
  };
}

/**
 * A call written straight into the database (the calls tests make theirs through the api), with
 * times far ahead so that no test depends on today's date: opens 2090, closes 2099.
 */
export async function insertCall(t: TestApp, createdBy: string, status: 'draft' | 'published'): Promise<string> {
  const [row] = await t.dataSource.query(
    `INSERT INTO calls (kind, status, texts, form, time_zone, opens_local, closes_local, opens_at, closes_at, created_by, published_at)
     VALUES ('fellowship', $1, $2::jsonb, '[]'::jsonb, 'Asia/Almaty', '2090-01-01T09:00', '2099-01-01T00:00', '2090-01-01T04:00:00Z', '2098-12-31T19:00:00Z', $3, $4) RETURNING id`,
    [status, JSON.stringify({ en: { title: 'Fellowship', description: 'Ten weeks in Prague.', eligibility: 'Community leaders.' } }), createdBy, status === 'draft' ? null : new Date()],
  );
  return row.id;
}
