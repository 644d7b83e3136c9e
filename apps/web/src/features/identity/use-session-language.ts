import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type Session } from '../../api/identity';

/**
 * Once a member of staff is signed in, the console speaks their own language (their setting,
 * from the session); before that, the language the page was opened in (`lang`, the browser's).
 * docs/staff-console.md, "Languages".
 */
export function useSessionLanguage(session: Session | null | undefined): void {
  const { i18n } = useTranslation('console');
  const language = session?.staff.language;
  useEffect(() => {
    if (language && i18n.resolvedLanguage !== language) void i18n.changeLanguage(language);
  }, [language, i18n]);
}
