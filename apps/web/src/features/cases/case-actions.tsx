/**
 * Work on a case: urgency, assignment, lifecycle moves and referral to another desk. Each
 * control appears only when libs/domain's ability and lifecycle allow it for this person and
 * this case (the api checks again). A referral seals the case key, in the worker, to the
 * target desk's current certified key after verifying its chain to the built-in root.
 */
import { formatTime } from '../../ui/format-time';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import {
  type CaseAssignee,
  type CaseStatus,
  type CaseSummary,
  type Urgency,
  OPEN_CASE_STATUSES,
  URGENCIES,
  allowedTransitions,
  asSubject,
  caseActorFor,
} from '@ashar/domain';
import { assignCase, caseAssignees, referCase, setUrgency, transitionCase } from '../../api/cases';
import { type DeskDirectoryEntry } from '../../api/desks';
import { type Session, keyRevocations } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { deskToSealTo, rememberDesks } from '../../crypto/desk-memory';
import { abilityOf, principalOf, useStepUp } from '../identity';
import { caseQueryKeys } from './case-queries';
import { STATUS_LABELS, TRANSITION_LABELS, URGENCY_LABELS, URGENCY_WINDOWS } from './case-labels';

/** Statuses in which urgency may change (docs/cases-api.md). */
const URGENCY_STATUSES: readonly CaseStatus[] = OPEN_CASE_STATUSES;
/** Moves that end work on a case: asked twice. */
const CONFIRMED: readonly CaseStatus[] = ['closed', 'declined'];

export interface CaseActionsProps {
  readonly summary: CaseSummary;
  readonly session: Session;
  readonly desks: readonly DeskDirectoryEntry[];
  /** Whether the case key is open in the worker (referral needs it). */
  readonly keyOpen: boolean;
  /** Runs an action: shows `done` (or the failure) and applies the new summary. */
  readonly run: (action: () => Promise<CaseSummary>, done: (summary: CaseSummary) => string) => Promise<boolean>;
  readonly busy: boolean;
}

/** What this person may do to this case, by the same rules as the api. */
export function caseAbilities(summary: CaseSummary, session: Session) {
  const ability = abilityOf(session);
  const subject = asSubject('AidCase', {
    id: summary.id,
    ownerDeskId: summary.ownerDeskId,
    collaboratorDeskIds: summary.collaboratorDeskIds,
    assigneeId: summary.assigneeId,
    requesterId: null,
    status: summary.status,
    requestType: summary.requestType,
    urgency: summary.urgency,
  });
  const actor = caseActorFor(principalOf(session), { ownerDeskId: summary.ownerDeskId, collaboratorDeskIds: summary.collaboratorDeskIds, assigneeId: summary.assigneeId, requesterId: null });
  const open = summary.status !== 'closed' && summary.status !== 'purged';
  return {
    triage: ability.can('triage', subject) && URGENCY_STATUSES.includes(summary.status),
    assign: ability.can('assign', subject) && open,
    refer: ability.can('refer', subject) && open,
    note: ability.can('write_note', subject) && open,
    message: ability.can('write_message', subject) && open,
    transitions: actor && ability.can('transition', subject) ? allowedTransitions(summary.status, actor) : [],
    /** A grant on this case (docs/grants.md): its desks' caseworkers and its assignee, on an open case. */
    proposeGrant:
      open &&
      ability.can(
        'create',
        asSubject('Grant', { id: '', proposerId: session.staff.id, fundId: '', status: 'draft', caseId: summary.id, caseDeskIds: [summary.ownerDeskId, ...summary.collaboratorDeskIds], caseAssigneeId: summary.assigneeId, requesterId: null }),
      ),
  };
}

export function CaseActions(props: CaseActionsProps) {
  const { t } = useTranslation('console');
  const can = caseAbilities(props.summary, props.session);
  const nothing = !can.triage && !can.assign && !can.refer && can.transitions.length === 0;
  if (nothing) return <p className="message">{t('caseActions.nothing')}</p>;
  return (
    <div className="case-actions">
      {/* Keyed by the value they edit, so they start again from the case's new state. */}
      {can.triage && <UrgencyForm key={props.summary.urgency} {...props} />}
      {can.assign && <AssignForm key={props.summary.assigneeId ?? ''} {...props} />}
      {can.transitions.length > 0 && <TransitionButtons {...props} targets={can.transitions} />}
      {can.refer && <ReferForm {...props} />}
    </div>
  );
}

function UrgencyForm({ summary, run, busy }: CaseActionsProps) {
  const id = useId();
  const { t } = useTranslation('console');
  const [urgency, setChoice] = useState<Urgency>(summary.urgency);
  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(
      () => setUrgency(summary.id, urgency),
      (s) => t('caseActions.urgencySet', { urgency: URGENCY_LABELS[s.urgency], due: formatTime(s.firstResponseDueAt) }),
    );
  }
  return (
    <form className="case-actions__group" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('inbox.urgency')}</h3>
      <div className="field field--inline">
        <label htmlFor={`${id}-urgency`}>{t('inbox.urgency')}</label>
        <select id={`${id}-urgency`} value={urgency} onChange={(e) => setChoice(e.target.value as Urgency)}>
          {URGENCIES.map((u) => (
            <option key={u} value={u}>
              {URGENCY_LABELS[u]} ({URGENCY_WINDOWS[u]})
            </option>
          ))}
        </select>
      </div>
      <p className="field__hint">{t('caseActions.urgencyHint')}</p>
      <button type="submit" className="button" disabled={busy || urgency === summary.urgency}>
        {t('caseActions.setUrgency')}
      </button>
    </form>
  );
}

function AssignForm({ summary, run, busy, desks }: CaseActionsProps) {
  const id = useId();
  const { t } = useTranslation('console');
  const [choice, setChoice] = useState<string>(summary.assigneeId ?? '');
  // Exactly whom the api accepts: active caseworkers and leads of the desks that hold the case;
  // asked again when those desks change (a referral adds one).
  const holding = [summary.ownerDeskId, ...summary.collaboratorDeskIds].join(',');
  const listed = useQuery({ queryKey: [...caseQueryKeys.assignees(summary.id), holding], queryFn: () => caseAssignees(summary.id) });
  const candidates: readonly CaseAssignee[] | null = listed.isError ? [] : (listed.data ?? null);

  const deskName = (deskId: string) => desks.find((d) => d.id === deskId)?.name ?? t('caseActions.anotherDesk');
  async function submit(event: FormEvent) {
    event.preventDefault();
    const assigneeId = choice === '' ? null : choice;
    await run(
      () => assignCase(summary.id, assigneeId),
      (s) =>
        s.assigneeId === null
          ? t('caseActions.unassigned')
          : t('caseActions.assigned', { name: candidates?.find((c) => c.staffId === s.assigneeId)?.displayName ?? t('caseActions.chosenPerson') }),
    );
  }
  const known = candidates?.some((c) => c.staffId === summary.assigneeId) ?? false;
  return (
    <form className="case-actions__group" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('caseActions.assignment')}</h3>
      <div className="field field--inline">
        <label htmlFor={`${id}-assignee`}>{t('caseActions.assignTo')}</label>
        <select id={`${id}-assignee`} value={choice} onChange={(e) => setChoice(e.target.value)} disabled={candidates === null}>
          <option value="">{t('caseActions.nobody')}</option>
          {summary.assigneeId && !known && <option value={summary.assigneeId}>{t('caseActions.presentAssignee')}</option>}
          {candidates?.map((c) => (
            <option key={c.staffId} value={c.staffId}>
              {c.displayName}
            </option>
          ))}
        </select>
      </div>
      <p className="field__hint">{t('caseActions.assignHint', { desk: deskName(summary.ownerDeskId) })}</p>
      {listed.isError && (
        <p className="message message--error" role="alert">
          {t('caseActions.assigneesFailed')}
        </p>
      )}
      <button type="submit" className="button" disabled={busy || choice === (summary.assigneeId ?? '')}>
        {t('caseActions.assign')}
      </button>
    </form>
  );
}

function TransitionButtons({ summary, run, busy, targets }: CaseActionsProps & { targets: CaseStatus[] }) {
  const id = useId();
  const { t } = useTranslation('console');
  const [confirming, setConfirming] = useState<CaseStatus | null>(null);
  // Past a few closes or declines in a short time the api asks for a passkey confirmation (SPEC.md §17.4): asked for then, and the move made again.
  const stepUp = useStepUp();
  async function move(to: CaseStatus) {
    setConfirming(null);
    await run(
      () => stepUp.retryAfterStepUp(() => transitionCase(summary.id, to)),
      (s) => t('caseActions.nowStatus', { status: STATUS_LABELS[s.status].toLowerCase() }),
    );
  }
  return (
    <section className="case-actions__group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('caseActions.statusTitle', { status: STATUS_LABELS[summary.status] })}</h3>
      <div className="actions">
        {targets.map((to) => (
          <button
            key={to}
            type="button"
            className={CONFIRMED.includes(to) ? 'button button--secondary' : 'button'}
            disabled={busy}
            onClick={() => (CONFIRMED.includes(to) ? setConfirming(to) : void move(to))}
          >
            {summary.status === 'closed' && to === 'in_progress' ? t('caseActions.reopen') : TRANSITION_LABELS[to]}
          </button>
        ))}
      </div>
      {confirming && (
        <div className="panel panel--inner" role="group" aria-label={t('caseActions.confirmLabel', { action: TRANSITION_LABELS[confirming] })}>
          <p>
            {confirming === 'closed' ? t('caseActions.confirmClose') : t('caseActions.confirmDecline')}
          </p>
          <div className="actions">
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void move(confirming)}>
              {TRANSITION_LABELS[confirming]}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function ReferForm({ summary, session, run, busy, desks, keyOpen }: CaseActionsProps) {
  const id = useId();
  const { t } = useTranslation('console');
  const holding = new Set([summary.ownerDeskId, ...summary.collaboratorDeskIds]);
  const targets = desks.filter((d) => !holding.has(d.id) && d.key !== null);
  const [choice, setChoice] = useState('');
  const target = targets.find((d) => d.id === choice);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!target?.key || !ROOT_PUBLIC_KEY) return;
    const root = ROOT_PUBLIC_KEY;
    const me = session.staff.id;
    const ok = await run(
      async () => {
        // The worker verifies the target desk's whole key history to the built-in root (SPEC.md
        // §8.2) with the published revocations and what this person saw before, then seals to its
        // newest version; nothing is sent when it does not verify.
        const [desk, revocations] = await Promise.all([deskToSealTo(target.id, me), keyRevocations()]);
        const { seen, ...envelope } = await cryptoWorker().sealCaseToDesk(root, summary.id, desk, revocations);
        rememberDesks(me, { [target.id]: seen });
        return referCase(summary.id, target.id, envelope);
      },
      () => t('caseActions.referred', { desk: target.name }),
    );
    if (ok) setChoice('');
  }

  return (
    <form className="case-actions__group" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('caseActions.referTitle')}</h3>
      {targets.length === 0 ? (
        <p className="field__hint">{t('caseActions.noTargets')}</p>
      ) : (
        <>
          <div className="field field--inline">
            <label htmlFor={`${id}-desk`}>{t('desks.desk')}</label>
            <select id={`${id}-desk`} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">{t('caseActions.chooseDesk')}</option>
              {targets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <p className="field__hint">
            {t('caseActions.referHint')}
          </p>
          {!keyOpen && <p className="field__hint">{t('caseActions.keyNotOpen')}</p>}
          <button type="submit" className="button" disabled={busy || !target || !keyOpen || !ROOT_PUBLIC_KEY}>
            {t('caseActions.refer')}
          </button>
        </>
      )}
    </form>
  );
}
