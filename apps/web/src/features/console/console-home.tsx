/**
 * The console's home: who is signed in, the identity key fingerprint people compare, whether
 * the keys are certified up to the root built into this app, and the person's passkeys.
 */
import { useEffect, useId, useState } from 'react';
import { staffKeys } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type CertificationStatus } from '../../crypto/worker-api';
import { DeskKeysPanel } from '../desks/desk-keys-panel';
import { roleLabel, useIdentity } from '../identity/identity-context';
import { useFailure } from '../identity/use-failure';
import { PasskeysPanel } from './passkeys-panel';
import { RootCertificatePanel } from './root-certificate-panel';

type Certification = { state: 'loading' } | { state: 'no-root' } | { state: 'error'; message: string } | CertificationStatus;

export function ConsoleHome() {
  const id = useId();
  const { session, unlocked } = useIdentity();
  const failure = useFailure();
  const [certification, setCertification] = useState<Certification>({ state: ROOT_PUBLIC_KEY ? 'loading' : 'no-root' });
  const [rootFingerprint, setRootFingerprint] = useState<string | null>(null);
  const [checks, setChecks] = useState(0);

  useEffect(() => {
    if (!ROOT_PUBLIC_KEY || !unlocked) return;
    const root = ROOT_PUBLIC_KEY;
    let live = true;
    const check = async (): Promise<Certification> => {
      const keys = await staffKeys(unlocked.userId);
      const status: CertificationStatus = await cryptoWorker().certificationStatus(keys.chain, root, { userId: unlocked.userId, encPk: unlocked.encPk, signPk: unlocked.signPk });
      return status;
    };
    cryptoWorker()
      .fingerprintOf(root)
      .then((fp) => {
        if (live) setRootFingerprint(fp);
      })
      .catch(() => undefined);
    check().then(
      (status) => {
        if (live) setCertification(status);
      },
      (e: unknown) => {
        if (live) setCertification({ state: 'error', message: failure(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [unlocked, failure, checks]);

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

      {certification.state === 'uncertified' && <RootCertificatePanel onCertified={() => setChecks((n) => n + 1)} />}

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
