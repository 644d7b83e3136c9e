import { useEffect, useState } from 'react';
import { Layout } from '../../routes/layout';

type State = 'checking' | 'valid' | 'invalid' | 'error';

/**
 * First-run setup: the one-time token arrives in the URL fragment (never sent
 * to the server by the browser); it is read, removed from the address bar and
 * checked. The enrolment of the first admin builds on this page.
 */
export function SetupPage() {
  const [state, setState] = useState<State>(() => (window.location.hash.length > 1 ? 'checking' : 'invalid'));

  useEffect(() => {
    const token = window.location.hash.slice(1);
    if (!token) return;
    window.history.replaceState(null, '', window.location.pathname);
    fetch('/api/v1/setup/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
      credentials: 'same-origin',
    })
      .then((res) => setState(res.status === 204 ? 'valid' : res.status === 404 || res.status === 422 ? 'invalid' : 'error'))
      .catch(() => setState('error'));
  }, []);

  return (
    <Layout area="staff">
      <h1>First-run setup</h1>
      {state === 'checking' && <p role="status">Checking your setup link…</p>}
      {state === 'valid' && <p role="status">This setup link is valid. Enrolment of the first admin comes next.</p>}
      {state === 'invalid' && (
        <p role="alert">This setup link is not valid: it was used, it expired, or an admin already exists. Restart the server to get a new one.</p>
      )}
      {state === 'error' && <p role="alert">The server could not be reached. Try again in a moment.</p>}
    </Layout>
  );
}
