/**
 * The signed-in person's own settings: the pseudonym requesters see of them, and signing out on
 * every device. (Their console language is in the console's header; their passkeys on its home.)
 */
import { useTranslation } from 'react-i18next';
import { PseudonymPanel } from './pseudonym-panel';
import { SignOutEverywhere } from './sign-out-everywhere';

export function AccountPage() {
  const { t } = useTranslation('console');
  return (
    <>
      <h1>{t('account.title')}</h1>
      <PseudonymPanel />
      <SignOutEverywhere />
    </>
  );
}
