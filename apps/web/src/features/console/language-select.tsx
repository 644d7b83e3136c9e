/**
 * The console's language switch: changes the console at once and saves the choice as the
 * signed-in person's own setting (PUT /api/v1/staff/me/language), which their next sign-in and
 * their notification e-mails follow (docs/staff-console.md, "Languages"). A `lang` in the
 * address (which would keep the view in its language) is dropped, so the choice shows.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { STAFF_UI_LANGUAGES, UI_LANGUAGE_NAMES, type StaffUiLanguage } from '@ashar/domain';
import { setOwnLanguage } from '../../api/identity';
import { LANGUAGE_PARAM } from '../../i18n';
import { describeError, useIdentity } from '../identity';

export function LanguageSelect() {
  const id = useId();
  const { t } = useTranslation('console');
  const identity = useIdentity();
  const location = useLocation();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { session } = identity;
  if (!session) return null;
  const current = session.staff.language;

  async function choose(language: StaffUiLanguage) {
    if (!session) return;
    setError(null);
    setBusy(true);
    try {
      await setOwnLanguage(language);
      identity.updateSession({ ...session, staff: { ...session.staff, language } });
      const params = new URLSearchParams(location.search);
      if (params.has(LANGUAGE_PARAM)) {
        params.delete(LANGUAGE_PARAM);
        const search = params.toString();
        await navigate({ pathname: location.pathname, search: search ? `?${search}` : '', hash: location.hash }, { replace: true, state: location.state as unknown });
      }
    } catch (e) {
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
            {UI_LANGUAGE_NAMES[language]}
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
