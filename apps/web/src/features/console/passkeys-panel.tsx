/**
 * The person's passkeys: add one (with a PRF wrap of the vault key when the authenticator can,
 * so it also unlocks the keys) and remove one (the api keeps at least one). Both change who can
 * sign in, so both ask for a fresh confirmation with a passkey already held first (step-up).
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { transfer } from 'comlink';
import { addPasskey, addPasskeyOptions, type NewVaultWrap, type Passkey, revokePasskey } from '../../api/identity';
import { cryptoWorker } from '../../crypto/crypto-client';
import { describeFailure } from '../../data/describe-failure';
import { usePageAction } from '../../data/use-page-action';
import { consoleQueryKeys, passkeysQuery } from './console-queries';
import { createPasskey, evaluatePrf, mayHavePrf, useStepUp } from '../identity';

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}

export function PasskeysPanel() {
  const id = useId();
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
      return wrap ? 'Passkey added. It signs you in and unlocks your keys.' : 'Passkey added. It signs you in; unlock your keys with your passphrase or recovery code.';
    }, refresh);
  }

  async function revoke(passkey: Passkey) {
    await run(async () => {
      await stepUp.ensure();
      await revokePasskey(passkey.id);
      setConfirming(null);
      return 'Passkey removed. It can no longer sign in.';
    }, refresh);
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Your passkeys</h2>
      {passkeys === null ? (
        <p className="message">Loading your passkeys…</p>
      ) : (
        <ul className="passkeys" aria-label="Passkeys">
          {passkeys.map((passkey, index) => (
            <li key={passkey.id} className="passkeys__item" aria-label={`Passkey ${index + 1}`}>
              <div>
                <strong>Passkey {index + 1}</strong>
                {passkey.current && <span className="badge badge--ok">Used for this session</span>}
                {passkey.prf && <span className="badge">Unlocks your keys</span>}
                <div className="field__hint">
                  Added {when(passkey.createdAt)}; last used {when(passkey.lastUsedAt)}
                </div>
              </div>
              {confirming === passkey.id ? (
                <div className="passkeys__confirm" role="group" aria-label="Confirm removal">
                  <span>Remove this passkey? It will no longer sign in.</span>
                  <button type="button" className="button button--danger" onClick={() => void revoke(passkey)} disabled={busy}>
                    Remove
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => setConfirming(null)} disabled={busy}>
                    Cancel
                  </button>
                </div>
              ) : (
                <button type="button" className="button button--secondary" onClick={() => setConfirming(passkey.id)} disabled={busy || passkeys.length < 2}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {passkeys !== null && passkeys.length < 2 && <p className="field__hint">Add a second passkey before you can remove this one.</p>}
      <button type="button" className="button" onClick={() => void add()} disabled={busy}>
        Add a passkey
      </button>
      {message && (
        <p className={message.kind === 'ok' ? 'message message--ok' : 'message message--error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
