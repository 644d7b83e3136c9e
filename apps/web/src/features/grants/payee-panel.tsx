/**
 * The grant's payee details, decrypted in the crypto worker for those who hold the grant key (the
 * finance desk's members and the case's desk); staff who may update the grant can write or
 * correct them. Nobody else is sent a key, so nobody else can read them.
 */
import { useTranslation } from 'react-i18next';
import { type QueryKey } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { type GrantView } from '@ashar/domain';
import { setGrantPayee } from '../../api/grants';
import { cryptoWorker } from '../../crypto/crypto-client';
import { PAYEE_METHOD_LABELS, payeeDraftOf } from '../../data/payee-details';
import { usePageAction } from '../../data/use-page-action';
import { formatTime } from '../../ui/format-time';
import { PayeeForm } from '../../ui/payee-form';
import { StatusMessages } from '../../ui/status-messages';
import { refusalReason } from './grant-words';
import { type GrantReading } from './grant-opening';

const EDITABLE = new Set(['draft', 'submitted', 'needs_information', 'approved', 'disbursing']);

export function PayeePanel({ view, reading, mayWrite: allowed, refresh }: { view: GrantView; reading: GrantReading; mayWrite: boolean; refresh: QueryKey[] }) {
  const id = useId();
  const { t } = useTranslation('console');
  const action = usePageAction();
  const [editing, setEditing] = useState(false);
  const payee = reading.payee;
  const details = payee?.state === 'verified' ? payee.details : null;
  // Only case staff may write (the api says so too): a finance member reads.
  const mayWrite = allowed && reading.keyOpen && EDITABLE.has(view.status);

  const save = (values: Readonly<Record<string, string>>) =>
    void action.run(async () => {
      const sealed = await cryptoWorker().writeGrantPayee(view.id, values);
      await setGrantPayee(view.id, { ciphertext: sealed.ciphertext, authorKid: sealed.authorKid });
      setEditing(false);
      return t('payee.saved');
    }, refresh);

  return (
    <section className="panel" aria-labelledby={`${id}-payee`}>
      <h2 id={`${id}-payee`}>{t('payee.title')}</h2>
      <p className="field__hint">{t('payee.hint')}</p>
      <StatusMessages busy={action.busy} message={action.message} />
      {view.payeeShredded && <p className="message">{t('payee.shredded')}</p>}
      {!view.payeeShredded && !view.payee && <p className="message">{t('payee.none')}</p>}
      {!view.payeeShredded && view.payee && !reading.keyOpen && <p className="message">{t('payee.noKey')}</p>}
      {payee?.state === 'refused' && (
        <p className="message message--error" role="alert">
          <strong>{t('payee.failed')}</strong> {t('payee.failedText', { reason: refusalReason(payee.code) })}
        </p>
      )}
      {details && view.payee && (
        <>
          <dl className="facts-list" aria-label={t('payee.label')}>
            <dt>{t('invite.name')}</dt>
            <dd>{details['name'] ?? ''}</dd>
            <dt>{t('payee.howToPay')}</dt>
            <dd>{PAYEE_METHOD_LABELS[details['method'] as keyof typeof PAYEE_METHOD_LABELS] ?? details['method'] ?? ''}</dd>
            <dt>{t('payee.payTo')}</dt>
            <dd>{details['account'] ?? ''}</dd>
            <dt>{t('payee.contact')}</dt>
            <dd>{details['contact'] ?? ''}</dd>
          </dl>
          <p className="status-line">
            <span className="badge badge--ok">{t('casePage.signatureVerified')}</span>{' '}
            {t(payee?.state === 'verified' && payee.from === 'requester' ? 'payee.givenByRequester' : 'payee.givenByStaff', { when: formatTime(view.payee.updatedAt) })}
          </p>
        </>
      )}
      {mayWrite && !editing && (
        <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
          {details ? t('payee.correct') : t('payee.add')}
        </button>
      )}
      {mayWrite && editing && <PayeeForm initial={details ? payeeDraftOf(details) : undefined} busy={action.busy} submitLabel={t('payee.submit')} onSave={save} />}
    </section>
  );
}
