import { useTranslation } from 'react-i18next';

/** "Remove" for a desk member, asking for confirmation in place before `onConfirm`. */
export function RemoveMemberButton({ name, confirming, busy, onAsk, onConfirm, onCancel }: { name: string; confirming: boolean; busy: boolean; onAsk(): void; onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation('console');
  return confirming ? (
    <div className="passkeys__confirm" role="group" aria-label={t('desks.confirmRemoveLabel', { name })}>
      <button type="button" className="button button--danger" onClick={onConfirm} disabled={busy}>
        {t('common.remove')}
      </button>
      <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
        {t('common.cancel')}
      </button>
    </div>
  ) : (
    <button type="button" className="button button--secondary" onClick={onAsk} disabled={busy} aria-label={t('desks.removeLabel', { name })}>
      {t('common.remove')}
    </button>
  );
}
