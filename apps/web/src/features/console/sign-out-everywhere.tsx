/**
 * Signing out everywhere ends every session of the signed-in person, on every device and in every
 * browser, this one included. It is kept apart from the everyday "Sign out" (on the account
 * page, not in the console's header) and asks first, saying what it does; Cancel changes nothing.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdentity } from '../identity';

export function SignOutEverywhere() {
  const id = useId();
  const { t } = useTranslation('console');
  const identity = useIdentity();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Focus follows the question: onto its confirmation when it opens, back to the button after Cancel.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (wasConfirming.current) openButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  async function signOutEverywhere() {
    setBusy(true);
    try {
      await identity.signOut(true);
    } catch {
      // Signed out here regardless: the worker and its keys are gone.
    }
  }

  return (
    <section className="panel panel--caution" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('signOutEverywhere.title')}</h2>
      <p id={`${id}-what`}>{t('signOutEverywhere.what')}</p>
      {confirming ? (
        <div className="confirm-box" role="group" aria-labelledby={`${id}-question`}>
          <p id={`${id}-question`}>
            <strong>{t('signOutEverywhere.question')}</strong>
          </p>
          <div className="actions">
            <button ref={confirmButton} type="button" className="button button--danger" onClick={() => void signOutEverywhere()} disabled={busy}>
              {t('signOutEverywhere.confirm')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(false)} disabled={busy}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button ref={openButton} type="button" className="button button--secondary" aria-describedby={`${id}-what`} onClick={() => setConfirming(true)}>
          {t('signOutEverywhere.open')}
        </button>
      )}
    </section>
  );
}
