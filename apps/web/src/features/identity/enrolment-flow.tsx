/**
 * Enrolment, for the first admin (/setup) and for invited staff (/enrol): a passkey, then new
 * identity keys and a vault made in the crypto worker, the vault key wrapped by the passkey's
 * PRF output (or a passphrase when the authenticator has no PRF) and by a recovery code shown
 * once, then the whole sent to the api, which answers with a session.
 */
import { Trans, useTranslation } from 'react-i18next';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { transfer } from 'comlink';
import { type RegistrationResponseJSON } from '@simplewebauthn/browser';
import { type EnrolmentCeremony, type EnrolmentKeys, type NewVaultWrap, type Session } from '../../api/identity';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type PublicIdentity } from '../../crypto/worker-api';
import { describeError } from './describe-error';
import { FocusHeading } from '../../ui/focus-heading';
import { useIdentity } from './identity-context';
import { NewPassphraseForm } from './passphrase-fields';
import { checkPseudonym, PSEUDONYM_MAX_LENGTH } from './pseudonym';
import { PseudonymField } from './pseudonym-field';
import { createPasskey, evaluatePrf, mayHavePrf } from './passkeys';

type Step =
  | { name: 'start' }
  | { name: 'working'; what: string }
  | { name: 'prf' }
  | { name: 'passphrase'; why: string }
  | { name: 'recovery'; code: string; withPassphrase: boolean }
  | { name: 'failed'; message: string };

interface Pending {
  ceremony: EnrolmentCeremony;
  credentialId: string;
  response: RegistrationResponseJSON;
  keys: PublicIdentity & { vault: string };
  wraps: NewVaultWrap[];
  /** The name requesters will see, when one was chosen. */
  pseudonym?: string;
}

export interface EnrolmentFlowProps {
  /** `setup` asks for a display name; `enrol` shows the invitation's. */
  readonly mode: 'setup' | 'enrol';
  readonly invitedName?: string;
  options(displayName: string): Promise<EnrolmentCeremony>;
  complete(ceremony: EnrolmentCeremony, response: RegistrationResponseJSON, keys: EnrolmentKeys): Promise<Session>;
}

export function EnrolmentFlow({ mode, invitedName, options, complete }: EnrolmentFlowProps) {
  const id = useId();
  const { t } = useTranslation('console');
  const navigate = useNavigate();
  const identity = useIdentity();
  const [step, setStep] = useState<Step>({ name: 'start' });
  const [displayName, setDisplayName] = useState('');
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const [pseudonym, setPseudonym] = useState('');
  const [pseudonymProblem, setPseudonymProblem] = useState<string | null>(null);
  const [stored, setStored] = useState(false);
  const pending = useRef<Pending | null>(null);

  function fail(error: unknown) {
    setStep({ name: 'failed', message: describeError(error) });
  }

  async function start(event: FormEvent) {
    event.preventDefault();
    const name = displayName.trim();
    if (mode === 'setup' && (name.length === 0 || name.length > 200)) {
      setNameProblem(t('enrolment.nameProblem'));
      return;
    }
    setNameProblem(null);
    // The pseudonym is optional: left empty, requesters read "Our team" until one is chosen in the console.
    const chosen = pseudonym.trim() === '' ? undefined : checkPseudonym(pseudonym);
    if (chosen && !chosen.ok) {
      setPseudonymProblem(t(`pseudonym.${chosen.problem}`, { max: PSEUDONYM_MAX_LENGTH }));
      return;
    }
    setPseudonymProblem(null);
    try {
      setStep({ name: 'working', what: t('enrolment.waitingPasskey') });
      const ceremony = await options(name);
      const response = await createPasskey(ceremony.options);
      setStep({ name: 'working', what: t('enrolment.creatingKeys') });
      const keys = await cryptoWorker().beginEnrolment(ceremony.staffId);
      pending.current = { ceremony, credentialId: response.id, response, keys, wraps: [], ...(chosen ? { pseudonym: chosen.pseudonym } : {}) };
      if (mayHavePrf(response)) setStep({ name: 'prf' });
      else setStep({ name: 'passphrase', why: t('enrolment.needPassphrase') });
    } catch (error) {
      fail(error);
    }
  }

  async function protectWithPasskey() {
    const p = pending.current;
    if (!p) return;
    try {
      setStep({ name: 'working', what: t('enrolment.waitingPasskey') });
      const prfOutput = await evaluatePrf(p.credentialId);
      if (!prfOutput) {
        setStep({ name: 'passphrase', why: t('enrolment.needPassphrase') });
        return;
      }
      const wrapId = crypto.randomUUID();
      const wrap = await cryptoWorker().wrapPendingWithPrf(wrapId, p.credentialId, transfer(prfOutput, [prfOutput]));
      p.wraps.push({ id: wrapId, method: 'passkey-prf', credentialId: p.credentialId, wrap });
      await addRecoveryCode(p);
    } catch (error) {
      fail(error);
    }
  }

  async function protectWithPassphrase(passphrase: string) {
    const p = pending.current;
    if (!p) return;
    try {
      setStep({ name: 'working', what: t('enrolment.protecting') });
      const wrapId = crypto.randomUUID();
      const wrap = await cryptoWorker().wrapPendingWithPassphrase(wrapId, passphrase);
      p.wraps.push({ id: wrapId, method: 'passphrase', wrap });
      await addRecoveryCode(p);
    } catch (error) {
      fail(error);
    }
  }

  async function addRecoveryCode(p: Pending) {
    setStep({ name: 'working', what: t('enrolment.makingRecovery') });
    const wrapId = crypto.randomUUID();
    const { code, wrap } = await cryptoWorker().wrapPendingWithRecoveryCode(wrapId);
    p.wraps.push({ id: wrapId, method: 'recovery-code', wrap });
    setStored(false);
    setStep({ name: 'recovery', code, withPassphrase: p.wraps.some((w) => w.method === 'passphrase') });
  }

  async function finish(event: FormEvent) {
    event.preventDefault();
    const p = pending.current;
    if (!p || !stored) return;
    try {
      setStep({ name: 'working', what: t('enrolment.finishing') });
      const session = await complete(p.ceremony, p.response, { identity: { encPk: p.keys.encPk, signPk: p.keys.signPk }, vault: p.keys.vault, wraps: p.wraps, ...(p.pseudonym !== undefined ? { pseudonym: p.pseudonym } : {}) });
      const unlocked = await cryptoWorker().finishEnrolment();
      pending.current = null;
      identity.signedIn(session, p.credentialId);
      identity.unlockedAs(unlocked);
      await navigate('/staff/console', { replace: true });
    } catch (error) {
      fail(error);
    }
  }

  async function restart() {
    pending.current = null;
    await cryptoWorker().abandonEnrolment().catch(() => undefined);
    setStep({ name: 'start' });
  }

  switch (step.name) {
    case 'start':
      return (
        <form className="form" onSubmit={start} noValidate>
          {mode === 'setup' ? (
            <div className="field">
              <label htmlFor={`${id}-name`}>{t('enrolment.yourName')}</label>
              <input
                id={`${id}-name`}
                type="text"
                autoComplete="name"
                maxLength={200}
                value={displayName}
                onChange={(e) => setDisplayName(e.target.value)}
                aria-describedby={`${id}-name-hint`}
                aria-invalid={nameProblem !== null}
                required
              />
              <p id={`${id}-name-hint`} className="field__hint">
                {t('enrolment.nameHint')}
              </p>
            </div>
          ) : (
            <p>
              <Trans t={t} i18nKey="enrolment.invitedAs" values={{ name: invitedName }} components={{ strong: <strong /> }} />
            </p>
          )}
          {nameProblem && (
            <p className="message message--error" role="alert">
              {nameProblem}
            </p>
          )}
          <PseudonymField id={id} value={pseudonym} onChange={setPseudonym} hint={t('pseudonym.enrolHint')} problem={pseudonymProblem} />
          <p>
            {t('enrolment.next')}
          </p>
          <button type="submit" className="button">
            {t('enrolment.createPasskey')}
          </button>
        </form>
      );
    case 'working':
      return (
        <p className="message" role="status" aria-live="polite">
          {step.what}
        </p>
      );
    case 'prf':
      return (
        <section aria-labelledby={`${id}-prf`}>
          <FocusHeading id={`${id}-prf`}>{t('enrolment.prfTitle')}</FocusHeading>
          <p>{t('enrolment.prfIntro')}</p>
          <button type="button" className="button" onClick={() => void protectWithPasskey()}>
            {t('enrolment.prfButton')}
          </button>
        </section>
      );
    case 'passphrase':
      return (
        <section aria-labelledby={`${id}-pass`}>
          <FocusHeading id={`${id}-pass`}>{t('enrolment.passphraseTitle')}</FocusHeading>
          <p>{step.why}</p>
          <NewPassphraseForm busy={false} onSubmit={(passphrase) => void protectWithPassphrase(passphrase)} submitLabel={t('enrolment.passphraseButton')} />
        </section>
      );
    case 'recovery':
      return (
        <section aria-labelledby={`${id}-rec`}>
          <FocusHeading id={`${id}-rec`}>{t('enrolment.recoveryTitle')}</FocusHeading>
          <p>
            <Trans
              t={t}
              i18nKey={step.withPassphrase ? 'enrolment.recoveryIntroWithPassphrase' : 'enrolment.recoveryIntro'}
              components={{ strong: <strong /> }}
            />
          </p>
          <div className="field">
            <label htmlFor={`${id}-code`}>{t('unlock.recoveryCode')}</label>
            <input id={`${id}-code`} className="recovery-code" type="text" readOnly value={step.code} onFocus={(e) => e.target.select()} spellCheck={false} />
          </div>
          <form className="form" onSubmit={finish}>
            <div className="field field--check">
              <input id={`${id}-stored`} type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} />
              <label htmlFor={`${id}-stored`}>{t('enrolment.stored')}</label>
            </div>
            <button type="submit" className="button" disabled={!stored}>
              {t('enrolment.finish')}
            </button>
          </form>
        </section>
      );
    case 'failed':
      return (
        <div>
          <p className="message message--error" role="alert">
            {step.message}
          </p>
          <button type="button" className="button button--secondary" onClick={() => void restart()}>
            {t('enrolment.startAgain')}
          </button>
        </div>
      );
  }
}
