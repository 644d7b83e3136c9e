/**
 * Desk lead: the desks they lead, each with its members and the key versions each holds. The
 * lead makes a new key version in their browser (sealed to themselves; an admin certifies its
 * public key), and grants the certified version to members who lack it — their worker opens
 * the lead's own copy, checks it against the desk certificate, verifies the member's chain to
 * the built-in root, and seals the key to the member's certified key.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { asSubject } from '@ashar/domain';
import { isApiError } from '../../api/client';
import { type DeskDirectoryEntry, type DeskGrant, type DeskMember, createDeskKey, deskMembers, grantDeskKey, listDesks, myDeskGrants, removeDeskMember } from '../../api/desks';
import { type Session, staffKeys } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type CertificationStatus, type DeskCertificateStatus, type NewDeskKey } from '../../crypto/worker-api';
import { abilityOf, useIdentity } from '../identity/identity-context';
import { ensureSteppedUp } from '../identity/step-up';
import { useFailure } from '../identity/use-failure';
import { DeskKeyStatus } from './desk-key-status';
import { Refusal, checkDeskCertificate, deskKeyVersions, freshSession, ledDesks, versionList } from './desk-state';

export function MyDesksPage() {
  const identity = useIdentity();
  const { updateSession } = identity;
  const failure = useFailure();
  const [desks, setDesks] = useState<DeskDirectoryEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = async (): Promise<DeskDirectoryEntry[]> => {
      const session = await freshSession(updateSession);
      if (!session) return [];
      const led = new Set(ledDesks(session));
      return (await listDesks()).filter((d) => led.has(d.id));
    };
    load().then(
      (found) => {
        if (live) setDesks(found);
      },
      (e: unknown) => {
        if (live) setProblem(failure(e));
      },
    );
    return () => {
      live = false;
    };
  }, [updateSession, failure]);

  const session = identity.session;
  if (!session || !identity.unlocked) return null;

  return (
    <>
      <h1>My desks</h1>
      {problem && (
        <p className="message message--error" role="alert">
          {problem}
        </p>
      )}
      {desks === null && !problem && <p className="message">Loading your desks…</p>}
      {desks?.length === 0 && (
        <p className="message" role="status">
          You do not lead any desk.
        </p>
      )}
      {desks?.map((entry) => <LeadDesk key={entry.id} deskId={entry.id} session={session} />)}
    </>
  );
}

type MemberKeys = CertificationStatus | { readonly state: 'not-enrolled' };

interface Loaded {
  readonly entry: DeskDirectoryEntry;
  readonly status: DeskCertificateStatus | null;
  readonly members: readonly DeskMember[];
  readonly memberKeys: ReadonlyMap<string, MemberKeys>;
  readonly mine: readonly DeskGrant[];
}

async function memberKeysOf(member: DeskMember, root: string | null): Promise<MemberKeys> {
  let keys;
  try {
    keys = await staffKeys(member.staffId);
  } catch (e) {
    if (isApiError(e, 404)) return { state: 'not-enrolled' };
    throw e;
  }
  if (!root) return { state: 'invalid', reason: 'this build has no organisation root key' };
  return cryptoWorker().certificationStatus(keys.chain, root, { userId: keys.id, encPk: keys.encPk, signPk: keys.signPk });
}

function keysLabel(keys: MemberKeys | undefined): string {
  switch (keys?.state) {
    case undefined:
      return 'Checking…';
    case 'not-enrolled':
      return 'Not enrolled yet';
    case 'uncertified':
      return 'Not certified';
    case 'certified':
      return 'Certified';
    case 'invalid':
      return 'Certificate invalid';
  }
}

function LeadDesk({ deskId, session }: { deskId: string; session: Session }) {
  const id = useId();
  const identity = useIdentity();
  const failure = useFailure();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [created, setCreated] = useState<NewDeskKey | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  // The version number the api asked for, when ours was wrong (it does not list uncertified versions).
  const [nextFromApi, setNextFromApi] = useState<number | null>(null);

  const load = useCallback(async (): Promise<Loaded> => {
    const entry = (await listDesks()).find((d) => d.id === deskId);
    if (!entry) throw new Refusal('This desk no longer exists.');
    const [status, members, mine] = await Promise.all([checkDeskCertificate(entry), deskMembers(deskId), myDeskGrants(deskId)]);
    const memberKeys = new Map<string, MemberKeys>();
    for (const member of members) memberKeys.set(member.staffId, await memberKeysOf(member, ROOT_PUBLIC_KEY));
    return { entry, status, members, memberKeys, mine };
  }, [deskId]);

  const describe = useCallback((e: unknown) => (e instanceof Refusal ? e.message : failure(e)), [failure]);

  useEffect(() => {
    let live = true;
    load().then(
      (next) => {
        if (live) setLoaded(next);
      },
      (e: unknown) => {
        if (live) setMessage({ kind: 'error', text: describe(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [load, describe]);

  if (!loaded) {
    return (
      <section className="panel" aria-label="Loading a desk">
        <p className="message">Loading the desk…</p>
        {message && (
          <p className="message message--error" role="alert">
            {message.text}
          </p>
        )}
      </section>
    );
  }

  const { entry, status, members, memberKeys, mine } = loaded;
  const known = deskKeyVersions(entry, members);
  const versions = nextFromApi !== null && nextFromApi > known.next ? { ...known, next: nextFromApi } : known;
  const ability = abilityOf(session);
  const mayManageKeys = ability.can('grant_desk_key', asSubject('Desk', { id: entry.id, slug: entry.slug }));
  const current = status?.state === 'certified' ? status.version : null;
  const ownCurrent = current === null ? undefined : mine.find((g) => g.version === current);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setMessage(null);
    try {
      const text = await action();
      setMessage({ kind: 'ok', text });
    } catch (e) {
      setMessage({ kind: 'error', text: describe(e) });
    } finally {
      setBusy(false);
    }
  }

  async function steppedUp(): Promise<Session> {
    const latest = identity.session ?? session;
    const stepped = await ensureSteppedUp(latest);
    identity.updateSession(stepped);
    return stepped;
  }

  async function createKey(version: number) {
    const root = ROOT_PUBLIC_KEY;
    if (!root) return;
    await run(async () => {
      const stepped = await steppedUp();
      const own = await staffKeys(stepped.staff.id);
      // Made and sealed to the lead's own verified identity in the worker; the secret never leaves it.
      const key = await cryptoWorker().createDeskKey(own.chain, root, entry.id, version);
      try {
        await createDeskKey(entry.id, { version: key.version, encPk: key.encPk, sealedKey: key.sealedKey });
      } catch (e) {
        const expected = isApiError(e, 409) ? /the next version is (\d+)/.exec(e.problem?.detail ?? '') : null;
        if (expected?.[1]) {
          setNextFromApi(Number(expected[1]));
          throw new Refusal(`Version ${version} already exists, made by someone who no longer holds it or just now. Create version ${expected[1]} instead.`);
        }
        throw e;
      }
      setNextFromApi(null);
      setCreated(key);
      setCopied(false);
      setLoaded(await load());
      return `Version ${version} of the ${entry.name} desk key was made. An administrator must certify it before you can grant it.`;
    });
  }

  async function grant(member: DeskMember, version: number) {
    const root = ROOT_PUBLIC_KEY;
    if (!root || !entry.key || !ownCurrent) return;
    const deskChain = entry.key.chain;
    const ownSealedKey = ownCurrent.sealedKey;
    await run(async () => {
      // The member's chain is fetched now and verified in the worker before anything is sealed.
      const keys = await staffKeys(member.staffId);
      if (keys.chain.length === 0) throw new Refusal(`${member.displayName}’s keys are not certified, so the desk key cannot be sealed to them. Ask an administrator to certify them first.`);
      await steppedUp();
      const sealedKey = await cryptoWorker().grantDeskKey({ root, deskId: entry.id, version, deskChain, ownSealedKey, memberId: member.staffId, memberChain: keys.chain });
      await grantDeskKey(entry.id, { version, staffId: member.staffId, sealedKey });
      setLoaded(await load());
      return `${member.displayName} now holds version ${version} of the ${entry.name} desk key.`;
    });
  }

  async function remove(member: DeskMember) {
    await run(async () => {
      await removeDeskMember(entry.id, member.staffId);
      setRemoving(null);
      setLoaded(await load());
      return `${member.displayName} was removed and lost their copies of the desk key. Create key version ${versions.next} so that they cannot read cases opened from now on, and grant it to the remaining members.`;
    });
  }

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setMessage({ kind: 'error', text: 'The browser did not allow copying. Select the key and copy it by hand.' });
    }
  }

  function grantCell(member: DeskMember) {
    if (current === null) return <span className="field__hint">No certified version to grant yet.</span>;
    if (member.keyVersions.includes(current)) return <span>Holds version {current}</span>;
    const keys = memberKeys.get(member.staffId);
    if (keys?.state === 'not-enrolled') return <span className="field__hint">Cannot be granted the key until they enrol and an administrator certifies their keys.</span>;
    if (keys?.state !== 'certified') {
      return (
        <span className="refusal">
          Cannot be granted the key: {member.displayName}’s keys are {keys?.state === 'invalid' ? 'not validly certified' : 'not certified'}. Ask an administrator to certify them first.
        </span>
      );
    }
    if (!ownCurrent) return <span className="field__hint">You do not hold version {current}, so you cannot grant it. Ask whoever made it.</span>;
    return (
      <button type="button" className="button button--secondary" onClick={() => void grant(member, current)} disabled={busy || !ROOT_PUBLIC_KEY} aria-label={`Grant key version ${current} to ${member.displayName}`}>
        Grant key version {current}
      </button>
    );
  }

  return (
    <section className="panel" aria-labelledby={`${id}-desk`}>
      <h2 id={`${id}-desk`}>{entry.name}</h2>
      <h3>Key</h3>
      <DeskKeyStatus status={status} versions={versions} />
      {versions.awaiting !== null && <p className="field__hint">An administrator certifies version {versions.awaiting}; then you can grant it to the members.</p>}

      {created && (
        <div className="panel panel--inner" role="group" aria-labelledby={`${id}-created`}>
          <h4 id={`${id}-created`}>Version {created.version}: send this public key to an administrator</h4>
          <p>
            The administrator who certifies version {created.version} needs its public key. Send it to them through a channel you trust, and read them the fingerprint
            when they ask: they certify only if it matches.
          </p>
          <div className="field">
            <label htmlFor={`${id}-created-key`}>Public key of version {created.version}</label>
            <input id={`${id}-created-key`} type="text" className="key-input" readOnly value={created.encPk} onFocus={(e) => e.target.select()} />
          </div>
          <dl className="facts-list">
            <dt>Fingerprint of version {created.version}</dt>
            <dd>
              <code className="fingerprint">{created.fingerprint}</code>
            </dd>
          </dl>
          <button type="button" className="button button--secondary" onClick={() => void copy(created.encPk)}>
            Copy public key
          </button>
          {copied && (
            <span className="message message--ok" role="status">
              Public key copied.
            </span>
          )}
        </div>
      )}

      {mayManageKeys && (
        <div className="actions actions--spaced">
          <button type="button" className="button" onClick={() => void createKey(versions.next)} disabled={busy || !ROOT_PUBLIC_KEY}>
            Create key version {versions.next}
          </button>
          <p className="field__hint">
            {versions.next === 1
              ? 'This desk has no key yet. Make version 1 in your browser; an administrator then certifies it.'
              : 'Make a new version after someone leaves the desk, so that they cannot read cases opened from then on; then grant it to every member.'}
          </p>
        </div>
      )}

      <h3>Members</h3>
      <table className="table">
        <caption className="visually-hidden">Members of the {entry.name} desk and their keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role on the desk</th>
            <th scope="col">Key versions held</th>
            <th scope="col">Their keys</th>
            <th scope="col">Desk key</th>
            <th scope="col">
              <span className="visually-hidden">Membership</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.staffId}>
              <th scope="row">{member.displayName}</th>
              <td>{member.lead ? 'Lead' : 'Member'}</td>
              <td>{versionList(member.keyVersions)}</td>
              <td>{keysLabel(memberKeys.get(member.staffId))}</td>
              <td>{grantCell(member)}</td>
              <td>
                {member.staffId !== session.staff.id &&
                  ability.can('delete', asSubject('DeskMembership', { deskId: entry.id, userId: member.staffId, isLead: member.lead })) &&
                  (removing === member.staffId ? (
                    <div className="passkeys__confirm" role="group" aria-label={`Confirm removing ${member.displayName}`}>
                      <button type="button" className="button button--danger" onClick={() => void remove(member)} disabled={busy}>
                        Remove
                      </button>
                      <button type="button" className="button button--secondary" onClick={() => setRemoving(null)} disabled={busy}>
                        Cancel
                      </button>
                    </div>
                  ) : (
                    <button type="button" className="button button--secondary" onClick={() => setRemoving(member.staffId)} disabled={busy} aria-label={`Remove ${member.displayName}`}>
                      Remove
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {busy && (
        <p className="message" role="status">
          Working…
        </p>
      )}
      {message && (
        <p className={message.kind === 'ok' ? 'message message--ok' : 'message message--error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
