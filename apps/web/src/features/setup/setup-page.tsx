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
      <h1>First-run setup</h1>
      {state === 'checking' && <p role="status">Checking your setup link…</p>}
      {state === 'valid' && token && (
        <>
          <p role="status">This setup link is valid. Enrol as the first administrator of this Ashar installation.</p>
          <EnrolmentFlow
            mode="setup"
            options={(displayName) => setupOptions(token, displayName)}
            complete={(ceremony, response, keys) => completeSetup(token, ceremony.ceremonyId, response, keys)}
          />
        </>
      )}
      {state === 'invalid' && (
        <p role="alert">This setup link is not valid: it was used, it expired, or an admin already exists. Restart the server to get a new one.</p>
      )}
      {state === 'error' && <p role="alert">The server could not be reached. Try again in a moment.</p>}
    </Layout>
  );
}
