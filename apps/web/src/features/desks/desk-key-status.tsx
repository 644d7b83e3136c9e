import { type DeskCertificateStatus } from '../../crypto/worker-api';
import { type DeskKeyVersions, awaitingStep } from './desk-state';

/**
 * The key of a desk in one or two lines: its current version as checked in this browser against
 * the built-in root (undefined while checking), a revoked one, and a newer version that waits for
 * an administrator's certificate or a second administrator's approval (libs/crypto SPEC.md §8.2).
 */
export function DeskKeyStatus({ status, versions }: { status: DeskCertificateStatus | null | undefined; versions: DeskKeyVersions }) {
  return (
    <>
      <span className="status-line">
        {status === undefined ? (
          'Checking the certificate…'
        ) : status === null && versions.revoked !== null ? (
          <>
            <span className="badge badge--bad">Revoked</span> Version {versions.revoked.version} was revoked; nothing is sealed to it. A new version needs a second
            administrator’s approval.
          </>
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
      {versions.awaiting !== null &&
        (awaitingStep(versions.awaiting) === 'certificate' ? (
          <span className="status-line">
            <span className="badge badge--pending">Awaiting certification</span>{' '}
            Version {versions.awaiting.version} is not certified yet.
          </span>
        ) : (
          <span className="status-line">
            <span className="badge badge--pending">Awaiting approval</span> Version {versions.awaiting.version} is certified but not linked from the version before
            it: a second administrator must approve it before anything is sealed to it.
          </span>
        ))}
    </>
  );
}
