import { useTranslation } from 'react-i18next';

/** What a console page last did, in words: an outcome or a failure. */
export type PageMessage = { kind: 'ok' | 'error'; text: string } | null;

/** "Working…" while `busy`, then the outcome as a status (ok) or an alert (error). */
export function StatusMessages({ busy, message }: { busy: boolean; message: PageMessage }) {
  const { t } = useTranslation('common');
  return (
    <>
      {busy && (
        <p className="message" role="status">
          {t('status.working')}
        </p>
      )}
      {message && (
        <p className={message.kind === 'ok' ? 'message message--ok' : 'message message--error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </>
  );
}
