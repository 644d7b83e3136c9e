import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { checkEnrolToken, completeEnrolment, enrolOptions } from '../../api/identity';
import { Layout } from '../../routes/layout';
import { EnrolmentFlow, fragmentToken, roleLabel } from '../identity';

type State = { name: 'checking' } | { name: 'valid'; displayName: string; roles: string[] } | { name: 'invalid' } | { name: 'error' };

/**
 * Enrolment of an invited staff member from the one-time link `/enrol#<token>` an admin
 * handed over: the token leaves the address bar at once and is only ever sent in a body.
 */
export function EnrolPage() {
  const { t } = useTranslation('console');
  const [token] = useState(() => fragmentToken('/enrol'));
  const [state, setState] = useState<State>(token ? { name: 'checking' } : { name: 'invalid' });

  useEffect(() => {
    if (!token) return;
    checkEnrolToken(token).then(
      (invitation) => setState(invitation ? { name: 'valid', ...invitation } : { name: 'invalid' }),
      () => setState({ name: 'error' }),
    );
  }, [token]);

  return (
    <Layout area="staff">
      <h1>{t('enrol.title')}</h1>
      {state.name === 'checking' && <p role="status">{t('enrol.checking')}</p>}
      {state.name === 'valid' && token && (
        <>
          <p>
            {t('enrol.roles', { roles: state.roles.map(roleLabel).join(', ') })}
          </p>
          <EnrolmentFlow
            mode="enrol"
            invitedName={state.displayName}
            options={() => enrolOptions(token)}
            complete={(ceremony, response, keys) => completeEnrolment(token, ceremony.ceremonyId, response, keys)}
          />
        </>
      )}
      {state.name === 'invalid' && (
        <p role="alert">{t('enrol.invalid')}</p>
      )}
      {state.name === 'error' && <p role="alert">{t('errors.api.network')}</p>}
    </Layout>
  );
}
