/**
 * Inviting a staff member: name and roles in, a one-time `/enrol#<token>` link out, which the
 * admin hands over through a channel they trust. The token sits in the fragment, so it never
 * reaches a server log when the link is opened. The admin confirms with a passkey first
 * (step-up). The admin role is never combined with case, money or programme roles or a desk, and
 * an invitation can only make someone the first lead of a desk that has no members: from its
 * first member on, a desk's leads add people (SPEC.md §17.1-17.2). The api enforces both.
 */
import { formatTime } from '../../ui/format-time';
import { Trans, useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ADMIN_EXCLUSIVE_ROLES, STAFF_ROLES, type StaffRole, adminRoleConflict } from '@ashar/domain';
import { createInvitation } from '../../api/identity';
import { abilityOf, roleLabel, useIdentity, useStepUp } from '../identity';
import { describeFailure } from '../../data/describe-failure';
import { deskDirectoryQuery, deskStaffingQuery } from '../desks';

type DeskPlace = 'none' | 'lead';

/** The roles a new invitation starts with (and returns to once one is made). */
const INITIAL_ROLES: readonly StaffRole[] = ['caseworker'];

interface Issued {
  readonly displayName: string;
  readonly link: string;
  readonly expiresAt: string;
}

export function InvitePage() {
  const id = useId();
  const { t } = useTranslation('console');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<StaffRole[]>([...INITIAL_ROLES]);
  const [problem, setProblem] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [copied, setCopied] = useState(false);
  const [places, setPlaces] = useState<Record<string, DeskPlace>>({});
  const { session } = useIdentity();
  const stepUp = useStepUp();
  const directory = useQuery(deskDirectoryQuery());
  const staffing = useQuery(deskStaffingQuery());
  const desks = directory.data ?? [];
  const invite = useMutation({
    mutationFn: async (input: { name: string; roles: StaffRole[]; leadDeskIds: string[] }) => {
      await stepUp.ensure();
      return createInvitation(input.name, input.roles, [], input.leadDeskIds);
    },
    onSuccess: (invitation, { name }) => {
      setIssued({ displayName: name, link: `${window.location.origin}/enrol#${invitation.token}`, expiresAt: invitation.expiresAt });
      setCopied(false);
      // The form starts over for the next person: name, roles and desk places, so that a role
      // ticked for this one (Desk lead) never carries over unseen.
      setDisplayName('');
      setRoles([...INITIAL_ROLES]);
      setPlaces({});
      setProblem(null);
    },
    onSettled: () => void staffing.refetch(),
  });
  const busy = invite.isPending;
  // The form's own checks and the copy come first; then why the invitation or the desk list failed.
  const shownProblem =
    problem ?? (invite.isError ? describeFailure(invite.error) : directory.isError ? describeFailure(directory.error) : staffing.isError ? describeFailure(staffing.error) : null);

  function toggle(role: StaffRole, on: boolean) {
    setRoles((current) => (on ? [...current.filter((r) => r !== role), role] : current.filter((r) => r !== role)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const name = displayName.trim();
    if (name.length === 0) return setProblem(t('invite.nameMissing'));
    if (roles.length === 0) return setProblem(t('invite.noRole'));
    const leadDeskIds = desks.filter((d) => places[d.id] === 'lead' && staffing.data?.get(d.id) === 0).map((d) => d.id);
    if (adminRoleConflict(roles, leadDeskIds.length)) {
      const mixed = ADMIN_EXCLUSIVE_ROLES.filter((r) => roles.includes(r)).map(roleLabel);
      return setProblem(
        mixed.length > 0
          ? t('invite.adminMixed', { roles: mixed.join(', ') })
          : t('invite.adminNoDesk'),
      );
    }
    if (leadDeskIds.length > 0 && !roles.includes('desk_lead')) return setProblem(t('invite.needsLeadRole'));
    setProblem(null);
    await invite.mutateAsync({ name, roles: STAFF_ROLES.filter((r) => roles.includes(r)), leadDeskIds }).catch(() => undefined);
  }

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setProblem(t('invite.copyFailed'));
    }
  }

  if (!session || !abilityOf(session).can('create', 'Invitation')) {
    return (
      <p className="message message--error" role="alert">
        {t('invite.onlyAdmins')}
      </p>
    );
  }

  return (
    <>
      <h1>{t('layout.invite')}</h1>
      <form className="form panel" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('invite.name')}</label>
          <input id={`${id}-name`} type="text" maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" required />
        </div>
        <fieldset className="field">
          <legend>{t('home.roles')}</legend>
          {STAFF_ROLES.map((role) => (
            <div key={role} className="field--check">
              <input id={`${id}-role-${role}`} type="checkbox" checked={roles.includes(role)} onChange={(e) => toggle(role, e.target.checked)} />
              <label htmlFor={`${id}-role-${role}`}>{roleLabel(role)}</label>
            </div>
          ))}
        </fieldset>
        {desks.length > 0 && (
          <fieldset className="field">
            <legend>{t('layout.desks')}</legend>
            <p className="field__hint">
              {t('invite.desksHint')}
            </p>
            {desks.map((desk) => {
              const members = staffing.data?.get(desk.id);
              return (
                <div key={desk.id} className="field field--inline">
                  <label htmlFor={`${id}-desk-${desk.id}`}>{desk.name}</label>
                  {members === 0 ? (
                    <select id={`${id}-desk-${desk.id}`} value={places[desk.id] ?? 'none'} onChange={(e) => setPlaces((p) => ({ ...p, [desk.id]: e.target.value as DeskPlace }))}>
                      <option value="none">{t('invite.notOnDesk')}</option>
                      <option value="lead">{t('invite.lead')}</option>
                    </select>
                  ) : (
                    <span id={`${id}-desk-${desk.id}`} className="field__hint">
                      {members === undefined ? t('common.checking') : t('invite.hasMembers')}
                    </span>
                  )}
                </div>
              );
            })}
          </fieldset>
        )}
        {shownProblem && (
          <p className="message message--error" role="alert">
            {shownProblem}
          </p>
        )}
        <button type="submit" className="button" disabled={busy}>
          {t('invite.create')}
        </button>
      </form>

      {issued && (
        <section className="panel" aria-labelledby={`${id}-issued`}>
          <h2 id={`${id}-issued`}>{t('invite.issuedTitle', { name: issued.displayName })}</h2>
          <p>
            <Trans
              t={t}
              i18nKey="invite.issuedText"
              values={{ name: issued.displayName, until: formatTime(issued.expiresAt) }}
              components={{ strong: <strong /> }}
            />
          </p>
          <div className="field">
            <label htmlFor={`${id}-link`}>{t('invite.link')}</label>
            <input id={`${id}-link`} type="text" readOnly value={issued.link} onFocus={(e) => e.target.select()} />
          </div>
          <button type="button" className="button button--secondary" onClick={() => void copy(issued.link)}>
            {t('invite.copy')}
          </button>
          {copied && (
            <p className="message message--ok" role="status">
              {t('invite.copied')}
            </p>
          )}
        </section>
      )}
    </>
  );
}
