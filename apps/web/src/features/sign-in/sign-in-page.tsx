/**
 * /staff: sign in with a passkey (usernameless), then unlock the vault. A person who is
 * signed in but whose keys are locked (a reload ends the crypto worker) only unlocks.
 */
import { Trans, useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { listPasskeys, signIn, signInOptions } from '../../api/identity';
import { Layout } from '../../routes/layout';
import { describeError, useIdentity, browserSupportsWebAuthn, authenticateWithPasskey, UnlockPanel } from '../identity';

/** Where to go after unlocking: the console screen the person came from (ConsoleLayout passes it), else the console home. */
function returnPath(state: unknown): string {
  const from = typeof state === 'object' && state !== null ? (state as { from?: unknown }).from : undefined;
  return typeof from === 'string' && /^\/staff\/(console|cases)(\/[A-Za-z0-9/_-]*)?(\?[A-Za-z0-9=&%,._-]*)?$/.test(from) ? from : '/staff/console';
}

export function SignInPage() {
  const { t } = useTranslation('console');
  const identity = useIdentity();
  const navigate = useNavigate();
  const next = returnPath(useLocation().state);
  const { session, unlocked, signInCredentialId, loadSession } = identity;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [justSignedIn, setJustSignedIn] = useState(false);
  const [currentCredential, setCurrentCredential] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    if (session !== undefined) return;
    loadSession().catch((e: unknown) => setError(describeError(e)));
  }, [session, loadSession]);

  // Signed in earlier (before a reload): which passkey this session was opened with.
  useEffect(() => {
    if (!session || unlocked || signInCredentialId || session.credentialId || currentCredential !== undefined) return;
    listPasskeys().then(
      (passkeys) => setCurrentCredential(passkeys.find((p) => p.current)?.credentialId ?? null),
      () => setCurrentCredential(null),
    );
  }, [session, unlocked, signInCredentialId, currentCredential]);

  async function signInWithPasskey() {
    setBusy(true);
    setError(null);
    try {
      const ceremony = await signInOptions();
      const response = await authenticateWithPasskey(ceremony.options);
      const newSession = await signIn(ceremony.ceremonyId, response);
      setJustSignedIn(true);
      identity.signedIn(newSession, response.id);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  if (session && unlocked) return <Navigate to={next} replace />;

  const credentialId = signInCredentialId ?? session?.credentialId ?? currentCredential ?? null;
  const waitingForCredential = session && !signInCredentialId && !session.credentialId && currentCredential === undefined;

  return (
    <Layout area="staff">
      <h1>{t('signIn.title')}</h1>
      {identity.notice && !session && (
        <p className="message" role="status">
          {identity.notice}
        </p>
      )}
      {session === undefined && !error && <p className="message">{t('signIn.checking')}</p>}
      {session === null || (session === undefined && error) ? (
        <>
          <p>{t('signIn.intro')}</p>
          <button type="button" className="button" onClick={() => void signInWithPasskey()} disabled={busy || !browserSupportsWebAuthn()}>
            {t('signIn.button')}
          </button>
          {!browserSupportsWebAuthn() && (
            <p className="message message--error" role="alert">
              {t('signIn.noWebAuthn')}
            </p>
          )}
          {busy && (
            <p className="message" role="status">
              {t('enrolment.waitingPasskey')}
            </p>
          )}
        </>
      ) : null}
      {session && !waitingForCredential && (
        <>
          <p>
            <Trans t={t} i18nKey="home.signedInAs" values={{ name: session.staff.displayName }} components={{ strong: <strong /> }} />
          </p>
          <UnlockPanel
            session={session}
            credentialId={credentialId}
            autoStart={justSignedIn}
            onUnlocked={(unlockedIdentity) => {
              identity.unlockedAs(unlockedIdentity);
              void navigate(next, { replace: true });
            }}
          />
          <p>
            <button type="button" className="link-button" onClick={() => void identity.signOut(false)}>
              {t('layout.signOut')}
            </button>
          </p>
        </>
      )}
      {error && (
        <p className="message message--error" role="alert">
          {error}
        </p>
      )}
    </Layout>
  );
}
