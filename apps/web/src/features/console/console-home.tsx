/**
 * The console's home: who is signed in, the identity key fingerprint people compare, whether
 * the keys are certified up to the root built into this app, and the person's passkeys.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { type CertificationStatus } from '../../crypto/worker-api';
import { describeFailure } from '../../data/describe-failure';
import { DeskKeysPanel } from '../desks';
import { roleLabel, useIdentity } from '../identity';
import { certificationQuery, consoleQueryKeys, rootFingerprintQuery } from './console-queries';
import { PasskeysPanel } from './passkeys-panel';
import { RootCertificatePanel } from './root-certificate-panel';

type Certification = { state: 'loading' } | { state: 'no-root' } | { state: 'error'; message: string } | CertificationStatus;

export function ConsoleHome() {
  const id = useId();
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
      <h1>Staff console</h1>
      <p>
        Signed in as <strong>{session.staff.displayName}</strong>.
      </p>

      <section className="panel" aria-labelledby={`${id}-you`}>
        <h2 id={`${id}-you`}>You</h2>
        <dl className="facts-list">
          <dt>Roles</dt>
          <dd>{session.staff.roles.map(roleLabel).join(', ')}</dd>
          <dt>Identity key fingerprint</dt>
          <dd>
            <code className="fingerprint">{unlocked.signFingerprint}</code>
          </dd>
          <dt>Encryption key fingerprint</dt>
          <dd>
            <code className="fingerprint">{unlocked.encFingerprint}</code>
          </dd>
        </dl>
        <p className="field__hint">When an administrator certifies your keys, read these fingerprints to them so they can check they certify the right keys.</p>
      </section>

      <section className="panel" aria-labelledby={`${id}-cert`}>
        <h2 id={`${id}-cert`}>Certification</h2>
        {ROOT_PUBLIC_KEY ? (
          <p>
            Organisation root key fingerprint: <code className="fingerprint">{rootFingerprint ?? '…'}</code>
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
  switch (certification.state) {
    case 'loading':
      return <p className="message">Checking your certificate…</p>;
    case 'no-root':
      return (
        <p className="message message--error" role="status" aria-labelledby={labelledBy}>
          This build of Ashar has no organisation root key, so no certificate can be checked and nobody can be certified. Ask your administrator to
          rebuild it with ROOT_PUBLIC_KEY set.
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
          <span className="badge badge--pending">Not certified</span> An administrator has not certified your keys yet.
        </p>
      );
    case 'certified':
      return (
        <p className="status-line" role="status" aria-labelledby={labelledBy}>
          <span className="badge badge--ok">Certified</span> {certification.kind === 'admin' ? 'By the organisation root key' : 'By an administrator'}, until{' '}
          {new Date(certification.notAfter).toLocaleDateString()}.
        </p>
      );
    case 'invalid':
      return (
        <p className="message message--error" role="alert">
          <span className="badge badge--bad">Certificate invalid</span> Your certificate does not verify: {certification.reason}. Tell your administrator.
        </p>
      );
  }
}
