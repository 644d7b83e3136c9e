/**
 * The grant's payee details, decrypted in the crypto worker for those who hold the grant key (the
 * finance desk's members and the case's desk); staff who may update the grant can write or
 * correct them. Nobody else is sent a key, so nobody else can read them.
 */
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
      return 'The payee details were encrypted in this browser and saved.';
    }, refresh);

  return (
    <section className="panel" aria-labelledby={`${id}-payee`}>
      <h2 id={`${id}-payee`}>Payee details</h2>
      <p className="field__hint">Visible to the finance desk and the case’s desk only: encrypted in the browser, never readable by the server, administrators or auditors.</p>
      <StatusMessages busy={action.busy} message={action.message} />
      {view.payeeShredded && <p className="message">The payee details were deleted under the finance retention rules.</p>}
      {!view.payeeShredded && !view.payee && <p className="message">No payee details yet. The requester can give them on their follow-up page.</p>}
      {!view.payeeShredded && view.payee && !reading.keyOpen && <p className="message">You hold no key of this grant, so its payee details cannot be read here.</p>}
      {payee?.state === 'refused' && (
        <p className="message message--error" role="alert">
          <strong>The payee details failed verification:</strong> {refusalReason(payee.code)}. Do not pay on what the server shows; tell your administrator.
        </p>
      )}
      {details && view.payee && (
        <>
          <dl className="facts-list" aria-label="Payee">
            <dt>Name</dt>
            <dd>{details['name'] ?? ''}</dd>
            <dt>How to pay</dt>
            <dd>{PAYEE_METHOD_LABELS[details['method'] as keyof typeof PAYEE_METHOD_LABELS] ?? details['method'] ?? ''}</dd>
            <dt>Pay to</dt>
            <dd>{details['account'] ?? ''}</dd>
            <dt>How to reach them</dt>
            <dd>{details['contact'] ?? ''}</dd>
          </dl>
          <p className="status-line">
            <span className="badge badge--ok">Signature verified</span> Given by {payee?.state === 'verified' && payee.from === 'requester' ? 'the requester' : 'staff'}, {formatTime(view.payee.updatedAt)}; decrypted in this browser.
          </p>
        </>
      )}
      {mayWrite && !editing && (
        <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
          {details ? 'Correct the payee details' : 'Add payee details'}
        </button>
      )}
      {mayWrite && editing && <PayeeForm initial={details ? payeeDraftOf(details) : undefined} busy={action.busy} submitLabel="Encrypt and save the payee details" onSave={save} />}
    </section>
  );
}
