/**
 * For an admin whose keys are not certified yet: the exact command the root
 * custodians run offline (`ashar root certify-admin`), and a place to paste the
 * certificate it prints. The certificate is checked in the worker against the
 * root built into this app and against the admin's own keys before it is sent.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadCertificate } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { useIdentity, ensureSteppedUp } from '../identity';
import { describeFailure } from '../../data/describe-failure';
import { Refusal } from '../../data/refusal';

const MAX_CERTIFICATE_CHARS = 2048;

export function RootCertificatePanel({ onCertified }: { onCertified: () => void }) {
  const id = useId();
  const { t } = useTranslation('console');
  const identity = useIdentity();
  const [text, setText] = useState('');
  const [unreadable, setUnreadable] = useState(false);
  const { session, unlocked } = identity;
  const save = useMutation({
    mutationFn: async (certificate: unknown) => {
      if (!session || !unlocked || !ROOT_PUBLIC_KEY) return;
      const status = await cryptoWorker().certificationStatus([certificate], ROOT_PUBLIC_KEY, { userId: unlocked.userId, encPk: unlocked.encPk, signPk: unlocked.signPk });
      if (status.state !== 'certified' || status.kind !== 'admin') {
        throw new Refusal(t('rootCertificate.notAdmin'));
      }
      identity.updateSession(await ensureSteppedUp(session));
      await uploadCertificate(unlocked.userId, certificate);
    },
    onSuccess: () => {
      setText('');
      onCertified();
    },
  });
  const busy = save.isPending;
  const error = unreadable ? t('rootCertificate.unreadable') : save.isError ? describeFailure(save.error) : null;
  if (!session || !unlocked || !ROOT_PUBLIC_KEY || !session.staff.roles.includes('admin')) return null;
  const command = `npm run ashar -- root certify-admin --root <root key file> --admin ${unlocked.userId} --enc-pk ${unlocked.encPk} --sign-pk ${unlocked.signPk}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    let certificate: unknown;
    try {
      certificate = JSON.parse(text);
    } catch {
      save.reset();
      setUnreadable(true);
      return;
    }
    setUnreadable(false);
    save.mutate(certificate);
  }

  return (
    <section className="panel" aria-labelledby={`${id}-root`}>
      <h2 id={`${id}-root`}>{t('rootCertificate.title')}</h2>
      <p>
        {t('rootCertificate.intro')}
      </p>
      <pre className="command">{command}</pre>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-cert`}>{t('rootCertificate.label')}</label>
          <textarea id={`${id}-cert`} rows={6} maxLength={MAX_CERTIFICATE_CHARS} value={text} onChange={(e) => setText(e.target.value)} required />
        </div>
        {error && (
          <p className="message message--error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button" disabled={busy || text.trim() === ''}>
          {busy ? t('common.checking') : t('rootCertificate.submit')}
        </button>
      </form>
    </section>
  );
}
