import { useTranslation } from 'react-i18next';
import { type DeskCertificateStatus } from '../../crypto/worker-api';
import { type DeskKeyVersions, deskKeyPhase } from './desk-key-phase';

/**
 * The key of a desk in one status line, one state at a time (desk-key-phase.ts): checking, no
 * key, a version that waits for an administrator's certificate or a second administrator's
 * approval (with the version that stays current meanwhile), certified (checked in this browser
 * against the built-in root), revoked, or invalid (libs/crypto SPEC.md §8.2).
 */
export function DeskKeyStatus({ status, versions }: { status: DeskCertificateStatus | null | undefined; versions: DeskKeyVersions }) {
  const { t } = useTranslation('console');
  const phase = deskKeyPhase({ status, versions });
  switch (phase.phase) {
    case 'checking':
      return <span className="status-line">{t('deskKey.checking')}</span>;
    case 'none':
      return (
        <span className="status-line">
          <span className="badge badge--pending">{t('deskKey.none')}</span> {t('deskKey.noneText')}
        </span>
      );
    case 'awaiting-certificate':
    case 'awaiting-approval': {
      const certificate = phase.phase === 'awaiting-certificate';
      return (
        <span className="status-line">
          <span className="badge badge--pending">{t(certificate ? 'deskKey.awaitingCertificate' : 'deskKey.awaitingApproval')}</span>{' '}
          {t(certificate ? 'deskKey.awaitingCertificateText' : 'deskKey.awaitingApprovalText', { version: phase.version })}{' '}
          {phase.current === null ? t('deskKey.nothingSealedMeanwhile') : t('deskKey.currentMeanwhile', { version: phase.current })}
        </span>
      );
    }
    case 'revoked':
      return (
        <span className="status-line">
          <span className="badge badge--bad">{t('deskKey.revoked')}</span> {t('deskKey.revokedText', { version: phase.version })}
        </span>
      );
    case 'invalid':
      return (
        <span className="status-line">
          <span className="badge badge--bad">{t('home.certificateInvalid')}</span> {t('deskKey.invalidText', { version: phase.version, reason: phase.reason })}
        </span>
      );
    case 'certified':
      return (
        <span className="status-line">
          <span className="badge badge--ok">{t('home.certified')}</span> {t('deskKey.certifiedText', { version: phase.version })} <code className="fingerprint">{phase.fingerprint}</code>
        </span>
      );
  }
}
