/**
 * The person's passkeys: add one (with a PRF wrap of the vault key when the authenticator can,
 * so it also unlocks the keys) and remove one (the api keeps at least one).
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { transfer } from 'comlink';
import { addPasskey, addPasskeyOptions, listPasskeys, type NewVaultWrap, type Passkey, revokePasskey } from '../../api/identity';
import { cryptoWorker } from '../../crypto/crypto-client';
import { useFailure } from '../identity/use-failure';
import { createPasskey, evaluatePrf, mayHavePrf } from '../identity/passkeys';

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}

export function PasskeysPanel() {
  const id = useId();
  const failure = useFailure();
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const reload = useCallback(async () => {
    try {
      setPasskeys(await listPasskeys());
    } catch (e) {
      setMessage({ kind: 'error', text: failure(e) });
    }
  }, [failure]);

  useEffect(() => {
    listPasskeys().then(setPasskeys, (e: unknown) => setMessage({ kind: 'error', text: failure(e) }));
  }, [failure]);

  async function add() {
    setBusy(true);
    setMessage(null);
    try {
      const ceremony = await addPasskeyOptions();
      const response = await createPasskey(ceremony.options);
      let wrap: NewVaultWrap | undefined;
      const prfOutput = mayHavePrf(response) ? await evaluatePrf(response.id) : null;
      if (prfOutput) {
        const wrapId = crypto.randomUUID();
        wrap = { id: wrapId, method: 'passkey-prf', credentialId: response.id, wrap: await cryptoWorker().wrapUnlockedWithPrf(wrapId, response.id, transfer(prfOutput, [prfOutput])) };
      }
      await addPasskey(ceremony.ceremonyId, response, wrap);
      setMessage({
        kind: 'ok',
        text: wrap ? 'Passkey added. It signs you in and unlocks your keys.' : 'Passkey added. It signs you in; unlock your keys with your passphrase or recovery code.',
      });
      await reload();
    } catch (e) {
      setMessage({ kind: 'error', text: failure(e) });
    } finally {
      setBusy(false);
    }
  }

  async function revoke(passkey: Passkey) {
    setBusy(true);
    setMessage(null);
    try {
      await revokePasskey(passkey.id);
      setConfirming(null);
      setMessage({ kind: 'ok', text: 'Passkey removed. It can no longer sign in.' });
      await reload();
    } catch (e) {
      setMessage({ kind: 'error', text: failure(e) });
    } finally {
      setBusy(false);
    }
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
