import { type DeskCertificateStatus } from '../../crypto/worker-api';
import { type DeskKeyVersions } from './desk-state';

/**
 * The key of a desk in one or two lines: its newest certified version as checked in this
 * browser against the built-in root (undefined while checking), and a newer version that waits
 * for an administrator's certificate.
 */
export function DeskKeyStatus({ status, versions }: { status: DeskCertificateStatus | null | undefined; versions: DeskKeyVersions }) {
  return (
    <>
      <span className="status-line">
        {status === undefined ? (
          'Checking the certificate…'
        ) : status === null ? (
          <>
            <span className="badge badge--pending">No certified key</span>{' '}
            No key version is certified yet.
          </>
        ) : status.state === 'certified' ? (
          <>
            <span className="badge badge--ok">Certified</span>{' '}
            Version {status.version}, fingerprint <code className="fingerprint">{status.fingerprint}</code>
          </>
        ) : (
          <>
            <span className="badge badge--bad">Certificate invalid</span>{' '}
            Version {versions.certified?.version}: {status.reason}.
          </>
        )}
      </span>
      {versions.awaiting !== null && (
        <span className="status-line">
          <span className="badge badge--pending">Awaiting certification</span>{' '}
          Version {versions.awaiting.version} is not certified yet.
        </span>
      )}
    </>
  );
}
