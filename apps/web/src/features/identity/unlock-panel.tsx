/**
 * Unlocking the vault after sign-in: with the PRF of the passkey just used when the person
 * has a passkey wrap for it, else with their passphrase; the recovery code is the fallback.
 * Everything happens in the crypto worker; a wrong secret is reported, nothing is sent.
 */
import { useTranslation } from 'react-i18next';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { transfer } from 'comlink';
import { type Session, type UnlockMethod, type VaultWrapRecord } from '../../api/identity';
import { cryptoWorker, workerErrorCode } from '../../crypto/crypto-client';
import { type PublicIdentity, type UnlockRequest } from '../../crypto/worker-api';
import { describeError } from './describe-error';
import { FocusHeading } from '../../ui/focus-heading';
import { evaluatePrf } from './passkeys';

type Mode = 'passkey' | 'passphrase' | 'recovery-code';

function wrapFor(session: Session, method: UnlockMethod, credentialId?: string | null): VaultWrapRecord | undefined {
  return session.wraps.find((w) => w.method === method && (method !== 'passkey-prf' || w.credentialId === credentialId));
}

export interface UnlockPanelProps {
  readonly session: Session;
  /** The passkey the person signed in with, if known. */
  readonly credentialId: string | null;
  /** Start the passkey unlock without a click (right after a sign-in the person just made). */
  readonly autoStart: boolean;
  onUnlocked(identity: PublicIdentity): void;
}

export function UnlockPanel({ session, credentialId, autoStart, onUnlocked }: UnlockPanelProps) {
  const id = useId();
  const { t } = useTranslation('console');
  const prfWrap = wrapFor(session, 'passkey-prf', credentialId);
  const passphraseWrap = wrapFor(session, 'passphrase');
  const recoveryWrap = wrapFor(session, 'recovery-code');
  const [mode, setMode] = useState<Mode>(prfWrap ? 'passkey' : passphraseWrap ? 'passphrase' : 'recovery-code');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState('');
  const autoStarted = useRef(false);

  const unlockWith = useCallback(
    async (record: VaultWrapRecord, secretPart: { method: 'passphrase'; passphrase: string } | { method: 'recovery-code'; code: string } | { method: 'passkey-prf'; credentialId: string; prfOutput: ArrayBuffer }) => {
      if (!session.vault) throw new Error('no vault');
      const request = {
        vault: session.vault,
        wrap: record.wrap,
        userId: session.staff.id,
        unlockMethodId: record.id,
        expected: session.identity ? { encPk: session.identity.encPk, signPk: session.identity.signPk } : null,
        ...secretPart,
      } as UnlockRequest;
      // The PRF output moves to the worker rather than being copied: the page keeps none of it.
      const transferred = request.method === 'passkey-prf' ? transfer(request, [request.prfOutput]) : request;
      onUnlocked(await cryptoWorker().unlock(transferred));
    },
    [session, onUnlocked],
  );

  const unlockWithPasskey = useCallback(async () => {
    if (!prfWrap || !credentialId) return;
    setBusy(true);
    setError(null);
    try {
      const prfOutput = await evaluatePrf(credentialId);
      if (!prfOutput) {
        setError(t('unlock.noPrf'));
        setMode(passphraseWrap ? 'passphrase' : 'recovery-code');
        return;
      }
      await unlockWith(prfWrap, { method: 'passkey-prf', credentialId, prfOutput });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }, [prfWrap, credentialId, passphraseWrap, unlockWith, t]);

  useEffect(() => {
    if (!autoStart || autoStarted.current || mode !== 'passkey') return;
    autoStarted.current = true;
    void unlockWithPasskey();
  }, [autoStart, mode, unlockWithPasskey]);

  async function submitSecret(event: FormEvent) {
    event.preventDefault();
    const record = mode === 'passphrase' ? passphraseWrap : recoveryWrap;
    if (!record || busy) return;
    if (secret.length === 0) {
      setError(mode === 'passphrase' ? t('unlock.enterPassphrase') : t('unlock.enterRecoveryCode'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (mode === 'recovery-code' && !(await cryptoWorker().isValidRecoveryCode(secret))) {
        setError(t('unlock.notRecoveryCode'));
        return;
      }
      await unlockWith(record, mode === 'passphrase' ? { method: 'passphrase', passphrase: secret } : { method: 'recovery-code', code: secret });
      setSecret('');
    } catch (e) {
      if (workerErrorCode(e) === 'wrong_key') {
        setError(mode === 'passphrase' ? t('unlock.wrongPassphrase') : t('unlock.wrongRecoveryCode'));
      } else {
        setError(describeError(e));
      }
    } finally {
      setBusy(false);
    }
  }

  function switchTo(next: Mode) {
    setMode(next);
    setSecret('');
    setError(null);
  }

  if (!session.vault || (!prfWrap && !passphraseWrap && !recoveryWrap)) {
    return (
      <p className="message message--error" role="alert">
        {t('unlock.noVault')}
      </p>
    );
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <FocusHeading id={`${id}-title`}>{t('unlock.title')}</FocusHeading>
      {mode === 'passkey' && (
        <>
          <p>{t('unlock.passkeyIntro')}</p>
          <button type="button" className="button" onClick={() => void unlockWithPasskey()} disabled={busy}>
            {t('unlock.withPasskey')}
          </button>
        </>
      )}
      {mode !== 'passkey' && (
        <form className="form" onSubmit={(e) => void submitSecret(e)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-secret`}>{mode === 'passphrase' ? t('unlock.passphrase') : t('unlock.recoveryCode')}</label>
            <input
              id={`${id}-secret`}
              type={mode === 'passphrase' ? 'password' : 'text'}
              autoComplete={mode === 'passphrase' ? 'current-password' : 'off'}
              autoCapitalize={mode === 'passphrase' ? undefined : 'characters'}
              spellCheck={false}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              aria-invalid={error !== null}
              aria-describedby={error ? `${id}-error` : undefined}
            />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t('unlock.unlock')}
          </button>
        </form>
      )}
      {busy && (
        <p className="message" role="status">
          {t('unlock.unlocking')}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="message message--error" role="alert">
          {error}
        </p>
      )}
      <div className="alternatives">
        {mode !== 'passkey' && prfWrap && (
          <button type="button" className="link-button" onClick={() => switchTo('passkey')}>
            {t('unlock.usePasskey')}
          </button>
        )}
        {mode !== 'passphrase' && passphraseWrap && (
          <button type="button" className="link-button" onClick={() => switchTo('passphrase')}>
            {t('unlock.usePassphrase')}
          </button>
        )}
        {mode !== 'recovery-code' && recoveryWrap && (
          <button type="button" className="link-button" onClick={() => switchTo('recovery-code')}>
            {t('unlock.useRecoveryCode')}
          </button>
        )}
      </div>
    </section>
  );
}
