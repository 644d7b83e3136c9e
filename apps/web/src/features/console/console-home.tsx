/**
 * The console's home: who is signed in, the identity key fingerprint people compare, whether
 * the keys are certified up to the root built into this app, and the person's passkeys.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { type CertificationStatus } from '../../crypto/worker-api';
import { describeFailure } from '../../data/describe-failure';
import { formatDate } from '../../ui/format-time';
import { DeskKeysPanel } from '../desks';
import { roleLabel, useIdentity } from '../identity';
import { certificationQuery, consoleQueryKeys, rootFingerprintQuery } from './console-queries';
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

  if (!session || !unlocked) return null;

  return (
    <>
      <h1>{t('home.title')}</h1>
      <p>
        <Trans t={t} i18nKey="home.signedInAs" values={{ name: session.staff.displayName }} components={{ strong: <strong /> }} />
      </p>

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
        <p className="field__hint">{t('home.fingerprintHint')}</p>
      </section>

      <section className="panel" aria-labelledby={`${id}-cert`}>
        <h2 id={`${id}-cert`}>{t('home.certification')}</h2>
        {ROOT_PUBLIC_KEY ? (
          <p>
            {t('home.rootFingerprint')} <code className="fingerprint">{rootFingerprint ?? '…'}</code>
          </p>
        ) : null}
        <CertificationLine certification={certification} labelledBy={`${id}-cert`} />
      </section>

      {certification.state === 'uncertified' && <RootCertificatePanel onCertified={() => queryClient.invalidateQueries({ queryKey: consoleQueryKeys.certification(unlocked.userId) })} />}

      <DeskKeysPanel />

      <PasskeysPanel />
    </>
  );
}

function CertificationLine({ certification, labelledBy }: { certification: Certification; labelledBy: string }) {
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
          <span className="badge badge--pending">{t('home.notCertified')}</span> {t('home.notCertifiedYet')}
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
