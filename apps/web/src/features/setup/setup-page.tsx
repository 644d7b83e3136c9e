import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { checkSetupToken, completeSetup, setupOptions } from '../../api/identity';
import { Layout } from '../../routes/layout';
import { EnrolmentFlow, fragmentToken } from '../identity';

type State = 'checking' | 'valid' | 'invalid' | 'error';

/**
 * First-run setup: the one-time token arrives in the URL fragment (never sent to the server by
 * the browser); it is taken out of the address bar at once and checked, then the first admin
 * enrols: passkey, keys and vault, recovery code.
 */
export function SetupPage() {
  const { t } = useTranslation('console');
  const [token] = useState(() => fragmentToken('/setup'));
  const [state, setState] = useState<State>(token ? 'checking' : 'invalid');

  useEffect(() => {
    if (!token) return;
    checkSetupToken(token).then(
      (valid) => setState(valid ? 'valid' : 'invalid'),
      () => setState('error'),
    );
  }, [token]);

  return (
    <Layout area="staff">
      <h1>{t('setup.title')}</h1>
      {state === 'checking' && <p role="status">{t('setup.checking')}</p>}
      {state === 'valid' && token && (
        <>
          <p role="status">{t('setup.valid')}</p>
          <EnrolmentFlow
            mode="setup"
            options={(displayName) => setupOptions(token, displayName)}
            complete={(ceremony, response, keys) => completeSetup(token, ceremony.ceremonyId, response, keys)}
          />
        </>
      )}
      {state === 'invalid' && (
        <p role="alert">{t('setup.invalid')}</p>
      )}
      {state === 'error' && <p role="alert">{t('errors.api.network')}</p>}
    </Layout>
  );
}
