/**
 * "Your desk keys" on the console home: for every desk the person belongs to, the newest
 * certified key version they hold — proved by opening their sealed copy in the crypto worker
 * and checking the secret key against that version's certificate (from the desk's key list,
 * verified to the built-in root) — and whether it is the current one.
 */
import { ct } from '../../ui/console-t';
import { Trans, useTranslation } from 'react-i18next';
import { skipToken, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { type DeskDirectoryEntry, deskKeys, listDesks, myDeskEnvelopes } from '../../api/desks';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker, workerErrorCode } from '../../crypto/crypto-client';
import { describeError, useIdentity } from '../identity';
import { describeFailure } from '../../data/describe-failure';
import { deskQueryKeys } from './desk-queries';
import { awaitingStep, checkCertified, deskKeyVersions, freshSession, memberDesks } from './desk-state';

/** A version the person made that waits for an administrator's certificate, or for a second administrator's approval. */
type Awaiting = { readonly version: number; readonly step: 'certificate' | 'approval' } | null;

type KeyState =
  | { readonly state: 'holds'; readonly version: number; readonly fingerprint: string; readonly awaiting: Awaiting }
  | { readonly state: 'outdated'; readonly held: number; readonly fingerprint: string; readonly current: number; readonly awaiting: Awaiting }
  | { readonly state: 'lacks'; readonly current: number | null; readonly awaiting: Awaiting }
  | { readonly state: 'failed'; readonly version: number | null; readonly reason: string };

interface DeskKeyLine {
  readonly entry: DeskDirectoryEntry;
  readonly key: KeyState;
}

async function keyStateOf(entry: DeskDirectoryEntry, me: string): Promise<KeyState> {
  const [envelopes, keys] = await Promise.all([myDeskEnvelopes(entry.id), deskKeys(entry.id)]);
  const versions = deskKeyVersions(keys);
  const awaiting = versions.awaiting && versions.awaiting.createdBy.id === me ? { version: versions.awaiting.version, step: awaitingStep(versions.awaiting) } : null;
  const status = await checkCertified(entry.id, versions);
  if (status === null) return { state: 'lacks', current: null, awaiting };
  if (status.state === 'invalid') return { state: 'failed', version: versions.certified?.version ?? null, reason: ct('deskKeys.certificateDoesNotVerify', { reason: status.reason }) };
  // The newest certified version the person holds: the current one, or an older one whose chain is listed too.
  const chains = new Map(keys.flatMap((k) => (k.chain ? [[k.version, k.chain] as const] : [])));
  const held = envelopes.filter((g) => chains.has(g.version)).sort((a, b) => b.version - a.version)[0];
  if (!held) return { state: 'lacks', current: status.version, awaiting };
  if (!ROOT_PUBLIC_KEY) return { state: 'failed', version: held.version, reason: ct('deskKeys.noRoot') };
  try {
    const opened = await cryptoWorker().openDeskKey(held.sealedKey, chains.get(held.version) ?? [], ROOT_PUBLIC_KEY, entry.id);
    if (opened.version !== held.version) return { state: 'failed', version: held.version, reason: ct('deskKeys.otherVersion') };
    return opened.version === status.version
      ? { state: 'holds', version: opened.version, fingerprint: opened.fingerprint, awaiting }
      : { state: 'outdated', held: opened.version, fingerprint: opened.fingerprint, current: status.version, awaiting };
  } catch (e) {
    return { state: 'failed', version: held.version, reason: openFailure(e) };
  }
}

/** Why a sealed desk key did not open, in the words of this panel. */
function openFailure(error: unknown): string {
  switch (workerErrorCode(error)) {
    case 'public_key_mismatch':
      return ct('deskKeys.mismatch');
    case 'wrong_key':
      return ct('deskKeys.notSealedToYou');
    case 'tampered':
    case 'wrong_ad':
      return ct('deskKeys.altered');
    default:
      return describeError(error);
  }
}

export function DeskKeysPanel() {
  const id = useId();
  const { t } = useTranslation('console');
  const { session, unlocked, updateSession } = useIdentity();
  const loaded = useQuery({
    queryKey: deskQueryKeys.ownKeys(),
    queryFn: unlocked
      ? async (): Promise<DeskKeyLine[]> => {
          const session = await freshSession(updateSession);
          if (!session) return [];
          const mine = new Set(memberDesks(session));
          if (mine.size === 0) return [];
          const desks = (await listDesks()).filter((d) => mine.has(d.id));
          return Promise.all(desks.map(async (entry) => ({ entry, key: await keyStateOf(entry, session.staff.id) })));
        }
      : skipToken,
  });
  const lines = loaded.data ?? null;
  const problem = loaded.isError ? describeFailure(loaded.error) : null;

  // Nothing to show for someone of no desk (while loading, the session at hand says so).
  if (!problem && (lines === null ? !session || memberDesks(session).length === 0 : lines.length === 0)) return null;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('deskKeys.title')}</h2>
      {problem && (
        <p className="message message--error" role="alert">
          {problem}
        </p>
      )}
      {lines === null && !problem && <p className="message">{t('deskKeys.opening')}</p>}
      {lines && (
        <ul className="desk-keys" aria-label={t('deskKeys.title')}>
          {lines.map(({ entry, key }) => (
            <li key={entry.id} className="desk-keys__item" aria-label={entry.name}>
              <DeskKeyLineText name={entry.name} keyState={key} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeskKeyLineText({ name, keyState }: { name: string; keyState: KeyState }) {
  const { t } = useTranslation('console');
  const awaiting =
    keyState.state !== 'failed' && keyState.awaiting !== null ? (
      keyState.awaiting.step === 'certificate' ? (
        <span className="status-line">
          <span className="badge badge--pending">{t('deskKey.awaitingCertificate')}</span> {t('deskKeys.madeAwaitingCertificate', { version: keyState.awaiting.version })}{' '}
          {t('deskKeys.readFingerprint')}
        </span>
      ) : (
        <span className="status-line">
          <span className="badge badge--pending">{t('deskKey.awaitingApproval')}</span> {t('deskKeys.madeAwaitingApproval', { version: keyState.awaiting.version })}
        </span>
      )
    ) : null;
  switch (keyState.state) {
    case 'holds':
      return (
        <>
          <span className="status-line">
            <span className="badge badge--ok">{t('deskKeys.opened')}</span> {t('deskKeys.holds', { desk: name, version: keyState.version })}
          </span>
          <span className="field__hint">
            <Trans t={t} i18nKey="deskKeys.holdsHint" values={{ fingerprint: keyState.fingerprint }} components={{ code: <code className="fingerprint" /> }} />
          </span>
          {awaiting}
        </>
      );
    case 'outdated':
      return (
        <>
          <span className="status-line">
            <span className="badge badge--pending">{t('deskKeys.outdated')}</span>{' '}
            {t('deskKeys.outdatedText', { desk: name, held: keyState.held, current: keyState.current })}
          </span>
          <span className="field__hint">
            <Trans
              t={t}
              i18nKey="deskKeys.outdatedHint"
              values={{ fingerprint: keyState.fingerprint, held: keyState.held, current: keyState.current }}
              components={{ code: <code className="fingerprint" /> }}
            />
          </span>
          {awaiting}
        </>
      );
    case 'lacks':
      // A version the person made waits and none is certified: that is the one state to show.
      if (keyState.current === null && awaiting !== null) return awaiting;
      return (
        <>
          <span className="status-line">
            <span className="badge badge--pending">{t('deskKeys.notHeld')}</span>{' '}
            {keyState.current === null ? t('deskKeys.noCertifiedKey', { desk: name }) : t('deskKeys.notHeldText', { desk: name, version: keyState.current })}
          </span>
          {awaiting}
        </>
      );
    case 'failed':
      return (
        <span className="status-line" role="alert">
          <span className="badge badge--bad">{t('deskKeys.doesNotOpen')}</span>{' '}
          {keyState.version === null
            ? t('deskKeys.failed', { desk: name, reason: keyState.reason })
            : t('deskKeys.failedVersion', { desk: name, version: keyState.version, reason: keyState.reason })}
        </span>
      );
  }
}
