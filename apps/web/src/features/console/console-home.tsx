/**
 * The console's home: the person's next steps for their roles (next-steps.ts, from home-facts.ts),
 * who is signed in, the identity key fingerprint people compare, whether the keys are certified
 * up to the root built into this app (an admin by the root key's custodians, anyone else by an
 * administrator), and the person's passkeys.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import { Trans, useTranslation } from 'react-i18next';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { type CertificationStatus } from '../../crypto/worker-api';
import { describeFailure } from '../../data/describe-failure';
import { formatDate } from '../../ui/format-time';
import { DeskKeysPanel } from '../desks';
import { roleLabel, useIdentity } from '../identity';
import { certificationQuery, consoleQueryKeys, rootFingerprintQuery } from './console-queries';
import { homeFactsQuery } from './home-facts';
import { type NextStep, type OwnCertification, nextSteps } from './next-steps';
import { PasskeysPanel } from './passkeys-panel';
import { RootCertificatePanel } from './root-certificate-panel';

type Certification = { state: 'loading' } | { state: 'no-root' } | { state: 'error'; message: string } | CertificationStatus;

export function ConsoleHome() {
  const id = useId();
  const { t } = useTranslation('console');
  const { session, unlocked } = useIdentity();
  const queryClient = useQueryClient();
  const root = ROOT_PUBLIC_KEY;
  const check = useQuery(certificationQuery(root, unlocked));
  const rootFingerprint = useQuery(rootFingerprintQuery(root, unlocked !== null)).data ?? null;
  const certification: Certification = !root
    ? { state: 'no-root' }
    : check.isError
      ? { state: 'error', message: describeFailure(check.error) }
      : (check.data ?? { state: 'loading' });

  const own: OwnCertification = certification.state === 'certified' || certification.state === 'uncertified' || certification.state === 'invalid' ? certification.state : 'unknown';
  const facts = useQuery(homeFactsQuery(unlocked ? (session ?? null) : null));

  if (!session || !unlocked) return null;
  const isAdmin = session.staff.roles.includes('admin');
  const steps = facts.data ? nextSteps({ ...facts.data, certification: own }) : null;

  return (
    <>
      <h1>{t('home.title')}</h1>
      <p>
        <Trans t={t} i18nKey="home.signedInAs" values={{ name: session.staff.displayName }} components={{ strong: <strong /> }} />
      </p>

      <section className="panel" aria-labelledby={`${id}-next`}>
        <h2 id={`${id}-next`}>{t('home.nextSteps')}</h2>
        {facts.isError && (
          <p className="message message--error" role="alert">
            {describeFailure(facts.error)}
          </p>
        )}
        {!steps && !facts.isError && <p className="message">{t('common.loading')}</p>}
        {steps?.length === 0 && <p className="message">{t('home.nothingToDo')}</p>}
        {steps && steps.length > 0 && (
          <ol className="next-steps" aria-labelledby={`${id}-next`}>
            {steps.map((step) => (
              <li key={step.id}>
                <NextStepText step={step} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="panel" aria-labelledby={`${id}-you`}>
        <h2 id={`${id}-you`}>{t('home.you')}</h2>
        <dl className="facts-list">
          <dt>{t('home.roles')}</dt>
          <dd>{session.staff.roles.map(roleLabel).join(', ')}</dd>
          <dt>{t('home.identityFingerprint')}</dt>
          <dd>
            <code className="fingerprint">{unlocked.signFingerprint}</code>
          </dd>
          <dt>{t('home.encryptionFingerprint')}</dt>
          <dd>
            <code className="fingerprint">{unlocked.encFingerprint}</code>
          </dd>
        </dl>
        <p className="field__hint">{t(isAdmin ? 'home.fingerprintHintAdmin' : 'home.fingerprintHint')}</p>
      </section>

      <section className="panel" aria-labelledby={`${id}-cert`}>
        <h2 id={`${id}-cert`}>{t('home.certification')}</h2>
        {ROOT_PUBLIC_KEY ? (
          <p>
            {t('home.rootFingerprint')} <code className="fingerprint">{rootFingerprint ?? '…'}</code>
          </p>
        ) : null}
        <CertificationLine certification={certification} labelledBy={`${id}-cert`} isAdmin={isAdmin} />
      </section>

      {certification.state === 'uncertified' && <RootCertificatePanel onCertified={() => queryClient.invalidateQueries({ queryKey: consoleQueryKeys.certification(unlocked.userId) })} />}

      <DeskKeysPanel />

      <PasskeysPanel />
    </>
  );
}

/** One next step: its words (with how many, where it counts), linked to the screen where it is done. */
function NextStepText({ step }: { step: NextStep }) {
  const { t } = useTranslation('console');
  const shown = step.count >= 100 ? '100+' : String(step.count);
  const text = t(`home.next.${step.id}`, { count: step.count, shown });
  return step.to ? <Link to={step.to}>{text}</Link> : <span>{text}</span>;
}

function CertificationLine({ certification, labelledBy, isAdmin }: { certification: Certification; labelledBy: string; isAdmin: boolean }) {
  const { t } = useTranslation('console');
  switch (certification.state) {
    case 'loading':
      return <p className="message">{t('home.checkingCertificate')}</p>;
    case 'no-root':
      return (
        <p className="message message--error" role="status" aria-labelledby={labelledBy}>
          {t('home.noRoot')}
        </p>
      );
    case 'error':
      return (
        <p className="message message--error" role="alert">
          {certification.message}
        </p>
      );
    case 'uncertified':
      return (
        <p className="status-line" role="status" aria-labelledby={labelledBy}>
          <span className="badge badge--pending">{t('home.notCertified')}</span> {t(isAdmin ? 'home.notCertifiedYetAdmin' : 'home.notCertifiedYet')}
        </p>
      );
    case 'certified':
      return (
        <p className="status-line" role="status" aria-labelledby={labelledBy}>
          <span className="badge badge--ok">{t('home.certified')}</span>{' '}
          {t(certification.kind === 'admin' ? 'home.certifiedByRoot' : 'home.certifiedByAdmin', { date: formatDate(certification.notAfter) })}
        </p>
      );
    case 'invalid':
      return (
        <p className="message message--error" role="alert">
          <span className="badge badge--bad">{t('home.certificateInvalid')}</span> {t('home.certificateInvalidText', { reason: certification.reason })}
        </p>
      );
  }
}
