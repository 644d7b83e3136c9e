/**
 * The console's language switch: changes the console at once and saves the choice as the
 * signed-in person's own setting (PUT /api/v1/staff/me/language), which their next sign-in and
 * their notification e-mails follow (docs/staff-console.md, "Languages").
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STAFF_UI_LANGUAGES, type StaffUiLanguage } from '@ashar/domain';
import { setOwnLanguage } from '../../api/identity';
import { describeError, useIdentity } from '../identity';

/** Each language named in itself, so that anyone can find theirs whatever the console shows now. */
const AUTONYMS: Readonly<Record<StaffUiLanguage, string>> = { en: 'English', ru: 'Русский' };

export function LanguageSelect() {
  const id = useId();
  const { t, i18n } = useTranslation('console');
  const identity = useIdentity();
  const { session } = identity;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const current = session.staff.language;

  async function choose(language: StaffUiLanguage) {
    if (!session) return;
    setError(null);
    setBusy(true);
    const previous = session.staff.language;
    identity.updateSession({ ...session, staff: { ...session.staff, language } });
    await i18n.changeLanguage(language);
    try {
      await setOwnLanguage(language);
    } catch (e) {
      identity.updateSession({ ...session, staff: { ...session.staff, language: previous } });
      await i18n.changeLanguage(previous);
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="language-select">
      <label htmlFor={`${id}-language`}>{t('layout.language')}</label>
      <select id={`${id}-language`} value={current} disabled={busy} onChange={(e) => void choose(e.target.value as StaffUiLanguage)}>
        {STAFF_UI_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {AUTONYMS[language]}
          </option>
        ))}
      </select>
      {error && (
        <p className="message message--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
