import { useTranslation } from 'react-i18next';
import { type DeskCertificateStatus } from '../../crypto/worker-api';
import { type DeskKeyVersions, awaitingStep } from './desk-state';

/**
 * The key of a desk in one or two lines: its current version as checked in this browser against
 * the built-in root (undefined while checking), a revoked one, and a newer version that waits for
 * an administrator's certificate or a second administrator's approval (libs/crypto SPEC.md §8.2).
 */
export function DeskKeyStatus({ status, versions }: { status: DeskCertificateStatus | null | undefined; versions: DeskKeyVersions }) {
  const { t } = useTranslation('console');
  return (
    <>
      <span className="status-line">
        {status === undefined ? (
          t('deskKey.checking')
        ) : status === null && versions.revoked !== null ? (
          <>
            <span className="badge badge--bad">{t('deskKey.revoked')}</span> {t('deskKey.revokedText', { version: versions.revoked.version })}
          </>
        ) : status === null ? (
          <>
            <span className="badge badge--pending">{t('deskKey.none')}</span> {t('deskKey.noneText')}
          </>
        ) : status.state === 'certified' ? (
          <>
            <span className="badge badge--ok">{t('home.certified')}</span> {t('deskKey.certifiedText', { version: status.version })}{' '}
            <code className="fingerprint">{status.fingerprint}</code>
          </>
        ) : (
          <>
            <span className="badge badge--bad">{t('home.certificateInvalid')}</span>{' '}
            {t('deskKey.invalidText', { version: versions.certified?.version, reason: status.reason })}
          </>
        )}
      </span>
      {versions.awaiting !== null &&
        (awaitingStep(versions.awaiting) === 'certificate' ? (
          <span className="status-line">
            <span className="badge badge--pending">{t('deskKey.awaitingCertificate')}</span> {t('deskKey.awaitingCertificateText', { version: versions.awaiting.version })}
          </span>
        ) : (
          <span className="status-line">
            <span className="badge badge--pending">{t('deskKey.awaitingApproval')}</span> {t('deskKey.awaitingApprovalText', { version: versions.awaiting.version })}
          </span>
        ))}
    </>
  );
}
