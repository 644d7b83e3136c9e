/**
 * For an admin whose keys are not certified yet: the exact command the root
 * custodians run offline (`ashar root certify-admin`), safe to paste into a shell as
 * is (the root key file is `~/ashar-root.key`, as in the README; a sentence says to
 * change it), with a Copy button, and a place to paste what it prints: the whole
 * output is fine (npm's banner, the summary), certificate-paste.ts finds the JSON.
 * The certificate is checked in the worker against the root built into this app and
 * against the admin's own keys before it is sent.
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
import { MAX_PASTE_CHARS, extractCertificate } from './certificate-paste';

/** Where the README tells custodians to keep the root key file (`root init --out ~/ashar-root.key`). */
export const ROOT_KEY_PATH = '~/ashar-root.key';

/** The custodians' command for these keys: nothing in it for a shell to misread. */
export function certifyAdminCommand(keys: { readonly userId: string; readonly encPk: string; readonly signPk: string }): string {
  return `npm run ashar -- root certify-admin --root ${ROOT_KEY_PATH} --admin ${keys.userId} --enc-pk ${keys.encPk} --sign-pk ${keys.signPk}`;
}

export function RootCertificatePanel({ onCertified }: { onCertified: () => void }) {
  const id = useId();
  const { t } = useTranslation('console');
  const identity = useIdentity();
  const [text, setText] = useState('');
  const [unreadable, setUnreadable] = useState<'none' | 'several' | null>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
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
  const error = unreadable === 'several' ? t('rootCertificate.several') : unreadable ? t('rootCertificate.unreadable') : save.isError ? describeFailure(save.error) : null;
  if (!session || !unlocked || !ROOT_PUBLIC_KEY || !session.staff.roles.includes('admin')) return null;
  const command = certifyAdminCommand(unlocked);

  async function copy() {
    try {
      await navigator.clipboard.writeText(command);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = extractCertificate(text);
    if (!found.ok) {
      save.reset();
      setUnreadable(found.reason === 'several' ? 'several' : 'none');
      return;
    }
    setUnreadable(null);
    save.mutate(found.certificate);
  }

  return (
    <section className="panel" aria-labelledby={`${id}-root`}>
      <h2 id={`${id}-root`}>{t('rootCertificate.title')}</h2>
      <p>
        {t('rootCertificate.intro')}
      </p>
      <figure className="command-figure" aria-labelledby={`${id}-command-caption`}>
        <figcaption id={`${id}-command-caption`}>{t('rootCertificate.commandLabel')}</figcaption>
        <pre className="command" id={`${id}-command`}>
          {command}
        </pre>
      </figure>
      <p className="field__hint">{t('rootCertificate.pathHint', { path: ROOT_KEY_PATH })}</p>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => void copy()} aria-describedby={`${id}-command`}>
          {t('rootCertificate.copy')}
        </button>
        {copied && (
          <span className={copied === 'yes' ? 'field__hint' : 'refusal'} role="status">
            {copied === 'yes' ? t('rootCertificate.copied') : t('rootCertificate.copyFailed')}
          </span>
        )}
      </div>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-cert`}>{t('rootCertificate.label')}</label>
          <textarea
            id={`${id}-cert`}
            rows={8}
            maxLength={MAX_PASTE_CHARS}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={`${id}-paste-hint`}
            required
          />
          <p className="field__hint" id={`${id}-paste-hint`}>
            {t('rootCertificate.pasteHint')}
          </p>
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
