/**
 * The person's passkeys: add one (with a PRF wrap of the vault key when the authenticator can,
 * so it also unlocks the keys) and remove one (the api keeps at least one). Both change who can
 * sign in, so both ask for a fresh confirmation with a passkey already held first (step-up).
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { transfer } from 'comlink';
import { addPasskey, addPasskeyOptions, type NewVaultWrap, type Passkey, revokePasskey } from '../../api/identity';
import { cryptoWorker } from '../../crypto/crypto-client';
import { describeFailure } from '../../data/describe-failure';
import { usePageAction } from '../../data/use-page-action';
import { formatTime } from '../../ui/format-time';
import { consoleQueryKeys, passkeysQuery } from './console-queries';
import { createPasskey, evaluatePrf, mayHavePrf, useStepUp } from '../identity';


export function PasskeysPanel() {
  const id = useId();
  const { t } = useTranslation('console');
  const when = (iso: string | null): string => (iso ? formatTime(iso) : t('common.never'));
  const listed = useQuery(passkeysQuery());
  const passkeys = listed.data ?? null;
  const { run, busy, message: outcome } = usePageAction();
  const [confirming, setConfirming] = useState<string | null>(null);
  const message = outcome ?? (listed.isError ? { kind: 'error' as const, text: describeFailure(listed.error) } : null);
  const refresh = [consoleQueryKeys.passkeys()];
  const stepUp = useStepUp();

  async function add() {
    await run(async () => {
      await stepUp.ensure();
      const ceremony = await addPasskeyOptions();
      const response = await createPasskey(ceremony.options);
      let wrap: NewVaultWrap | undefined;
      const prfOutput = mayHavePrf(response) ? await evaluatePrf(response.id) : null;
      if (prfOutput) {
        const wrapId = crypto.randomUUID();
        wrap = { id: wrapId, method: 'passkey-prf', credentialId: response.id, wrap: await cryptoWorker().wrapUnlockedWithPrf(wrapId, response.id, transfer(prfOutput, [prfOutput])) };
      }
      await addPasskey(ceremony.ceremonyId, response, wrap);
      return wrap ? t('passkeys.addedWithPrf') : t('passkeys.added');
    }, refresh);
  }

  async function revoke(passkey: Passkey) {
    await run(async () => {
      await stepUp.ensure();
      await revokePasskey(passkey.id);
      setConfirming(null);
      return t('passkeys.removed');
    }, refresh);
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('passkeys.title')}</h2>
      {passkeys === null ? (
        <p className="message">{t('passkeys.loading')}</p>
      ) : (
        <ul className="passkeys" aria-label={t('passkeys.listLabel')}>
          {passkeys.map((passkey, index) => (
            <li key={passkey.id} className="passkeys__item" aria-label={t('passkeys.item', { number: index + 1 })}>
              <div>
                <strong>{t('passkeys.item', { number: index + 1 })}</strong>
                {passkey.current && <span className="badge badge--ok">{t('passkeys.current')}</span>}
                {passkey.prf && <span className="badge">{t('passkeys.unlocks')}</span>}
                <div className="field__hint">
                  {t('passkeys.dates', { added: when(passkey.createdAt), used: passkey.current && !passkey.lastUsedAt ? t('passkeys.usedNow') : when(passkey.lastUsedAt) })}
                </div>
              </div>
              {confirming === passkey.id ? (
                <div className="passkeys__confirm" role="group" aria-label={t('passkeys.confirmLabel')}>
                  <span>{t('passkeys.confirm')}</span>
                  <button type="button" className="button button--danger" onClick={() => void revoke(passkey)} disabled={busy}>
                    {t('common.remove')}
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => setConfirming(null)} disabled={busy}>
                    {t('common.cancel')}
                  </button>
                </div>
              ) : (
                <button type="button" className="button button--secondary" onClick={() => setConfirming(passkey.id)} disabled={busy || passkeys.length < 2}>
                  {t('passkeys.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {passkeys !== null && passkeys.length < 2 && <p className="field__hint">{t('passkeys.addSecond')}</p>}
      <button type="button" className="button" onClick={() => void add()} disabled={busy}>
        {t('passkeys.add')}
      </button>
      {message && (
        <p className={message.kind === 'ok' ? 'message message--ok' : 'message message--error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
