/**
 * One case (`/staff/cases/:caseId`), decrypted in this browser: the clear facts from the api,
 * then — in the crypto worker — the case key (desk key or direct envelope, the sealer's signature
 * verified against their certified key or the requester key), the request rendered by its form,
 * the files, and a timeline of notes and messages with their verified authors. Work on the case
 * follows libs/domain's ability and lifecycle; the api enforces the same rules. A case of
 * another desk answers 404 and is shown exactly like one that does not exist.
 */
import { ct } from '../../ui/console-t';
import { Trans, useTranslation } from 'react-i18next';
import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type CaseSummary, type CaseView } from '@ashar/domain';
import { addMessage, addNote, caseView } from '../../api/cases';
import { isApiError } from '../../api/client';
import { type DeskDirectoryEntry, listDesks } from '../../api/desks';
import { keyRevocations } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker, cryptoWorkerRunning } from '../../crypto/crypto-client';
import { type CaseSubjectReading } from '../../crypto/worker-api';
import { useIdentity, createStaffDirectory } from '../identity';
import { describeFailure } from '../../data/describe-failure';
import { usePageAction } from '../../data/use-page-action';
import { freshSession } from '../desks';
import { CaseGrantsPanel } from '../grants';
import { CaseActions, caseAbilities } from './case-actions';
import { CaseAttachFiles } from './case-attach-files';
import { CaseFilesPanel } from './case-files-panel';
import { caseQueryKeys } from './case-queries';
import { STATUS_LABELS, URGENCY_LABELS, caseHandle } from './case-labels';
import { TYPE_LABELS, countryName, languageName } from '../../request-values/names';
import { formatTime } from '../../ui/format-time';
import { type CaseKeyState, type TimelineEntry, ensureStaffKey, openCaseKey, readTimeline } from './case-opening';
import { CaseTimeline, RecordComposer } from './case-timeline';
import { RequestView } from './request-view';

type Loaded =
  | { readonly phase: 'not-found' }
  | { readonly phase: 'failed'; readonly message: string }
  | {
      readonly phase: 'ready';
      readonly view: CaseView;
      readonly key: CaseKeyState;
      readonly timeline: readonly TimelineEntry[] | null;
      /** The requester's subject line, opened in the worker; null when there is none or the key is not open. */
      readonly subject: CaseSubjectReading | null;
      readonly desks: readonly DeskDirectoryEntry[];
    };

/** Where the outcome of the last action shows: the section where it was taken. */
type Area = 'work' | 'timeline';

/** The outcome of the last action, shown in the section where it was taken. */
type Notice = { readonly kind: 'ok' | 'error'; readonly text: string; readonly area: Area } | null;

const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function CasePage() {
  const { caseId = '' } = useParams();
  // A fresh screen for each case: nothing of the previous one carries over.
  return <CaseScreen key={caseId} caseId={caseId} />;
}

function CaseScreen({ caseId }: { caseId: string }) {
  const id = useId();
  const { t } = useTranslation('console');
  const identity = useIdentity();
  const { updateSession, unlocked } = identity;
  const queryClient = useQueryClient();
  const directory = useMemo(() => createStaffDirectory(), []);
  // Whether the worker holds this case's key: it is opened (and its envelope verified) once, while it stays open.
  const keyOpen = useRef(false);
  const { run: runAction, busy, message } = usePageAction();
  const [area, setArea] = useState<Area>('work');
  const notice: Notice = message && { ...message, area };
  const viewKey = caseQueryKeys.view(caseId);

  const loaded = useQuery({
    queryKey: viewKey,
    queryFn: unlocked
      ? async (): Promise<Loaded> => {
          if (!LOWER_UUID.test(caseId)) return { phase: 'not-found' };
          if (!ROOT_PUBLIC_KEY) return { phase: 'failed', message: ct('casePage.noRoot') };
          // Memberships change while signed in: the ability below must be the api's.
          if (!keyOpen.current) await freshSession(updateSession);
          const desks = await listDesks();
          let view: CaseView;
          try {
            view = await caseView(caseId);
          } catch (e) {
            if (isApiError(e, 404)) return { phase: 'not-found' };
            throw e;
          }
          const ctx = { root: ROOT_PUBLIC_KEY, me: unlocked.userId, directory, revocations: await keyRevocations() };
          // Opened once while the screen stays, unless the case has moved to a newer key epoch meanwhile.
          const held = keyOpen.current ? await cryptoWorker().caseKeysHeld(caseId) : null;
          let key: CaseKeyState;
          if (held && held.newest === view.epoch) {
            key = { open: true, staffKeyHeld: held.staffEpochs.includes(view.epoch) };
          } else {
            key = await openCaseKey(view, ctx);
            keyOpen.current = key.open;
          }
          const timeline = key.open ? await readTimeline(view, ctx) : null;
          const subject = key.open && view.subject !== null ? await cryptoWorker().readCaseSubject(caseId, view.subject) : null;
          return { phase: 'ready', view, key, timeline, subject, desks };
        }
      : skipToken,
  });

  // Leaving the case: its key goes from the worker.
  useEffect(
    () => () => {
      if (cryptoWorkerRunning()) void cryptoWorker().forgetCase(caseId).catch(() => undefined);
    },
    [caseId],
  );

  const applySummary = useCallback(
    (summary: CaseSummary) => {
      queryClient.setQueryData<Loaded>(viewKey, (current) => (current?.phase === 'ready' ? { ...current, view: { ...current.view, case: summary } } : current));
    },
    [queryClient, viewKey],
  );

  const run = useCallback(
    (action: () => Promise<CaseSummary>, done: (summary: CaseSummary) => string): Promise<boolean> => {
      setArea('work');
      return runAction(async () => {
        const summary = await action();
        applySummary(summary);
        return done(summary);
      });
    },
    [runAction, applySummary],
  );

  /** Before a note or a note's file: the staff-only key of the newest epoch, made and sent here if the case has none (SPEC.md §9.2). */
  const staffKeyReady = useCallback(async (): Promise<void> => {
    const current = queryClient.getQueryData<Loaded>(viewKey);
    if (current?.phase !== 'ready' || !current.key.open || !ROOT_PUBLIC_KEY || !unlocked) return;
    try {
      await ensureStaffKey(current.view, { root: ROOT_PUBLIC_KEY, me: unlocked.userId, directory, revocations: await keyRevocations() }, current.key.staffKeyHeld);
    } catch (error) {
      // The worker dropped the case's keys if the api refused the new key: open them again next time.
      keyOpen.current = (await cryptoWorker().caseKeysHeld(caseId)) !== null;
      throw error;
    }
  }, [queryClient, viewKey, unlocked, directory, caseId]);

  const send = useCallback(
    (kind: 'note' | 'message', text: string): Promise<boolean> => {
      setArea('timeline');
      return runAction(async () => {
        if (kind === 'note') await staffKeyReady();
        const recordId = crypto.randomUUID();
        const sealed = await cryptoWorker().writeCaseRecord(caseId, recordId, kind, { text });
        await (kind === 'note' ? addNote : addMessage)(caseId, sealed);
        return kind === 'note' ? t('casePage.noteAdded') : t('casePage.messageSent');
      }, [caseQueryKeys.one(caseId)]);
    },
    [caseId, runAction, staffKeyReady, t],
  );

  const page: Loaded | null = loaded.isError ? { phase: 'failed', message: describeFailure(loaded.error) } : (loaded.data ?? null);

  const session = identity.session;
  if (!session || !unlocked) return null;

  if (page === null) return <p className="message">{t('casePage.opening')}</p>;
  if (page.phase === 'not-found') {
    return (
      <>
        <h1>{t('casePage.notFoundTitle')}</h1>
        <p className="message" role="status">
          {t('casePage.notFound')}
        </p>
        <p>
          <Link to="/staff/cases">{t('casePage.backToCases')}</Link>
        </p>
      </>
    );
  }
  if (page.phase === 'failed') {
    return (
      <>
        <h1>{t('inbox.caseHandle', { handle: caseHandle(caseId) })}</h1>
        <p className="message message--error" role="alert">
          {page.message}
        </p>
      </>
    );
  }

  const { view, key, timeline, subject, desks } = page;
  const summary = view.case;
  const can = caseAbilities(summary, session);
  const deskName = (deskId: string) => desks.find((d) => d.id === deskId)?.name ?? t('casePage.unknownDesk');
  const request = timeline?.find((entry) => entry.kind === 'request');
  const others = timeline?.filter((entry) => entry.kind !== 'request') ?? [];
  // SPEC.md §9.1: a case whose records do not all verify is not written to (the worker refuses it too).
  const failedRecords = timeline?.filter((entry) => entry.content.state === 'refused').length ?? 0;
  const writable = key.open && failedRecords === 0;

  return (
    <>
      <p>
        <Link to="/staff/cases">← {t('layout.cases')}</Link>
      </p>
      {subject?.state === 'verified' ? (
        // The requester's own words head the case; the handle and type follow.
        <h1>
          <span className="case-subject">{subject.subject}</span>{' '}
          <span className="field__hint">
            {t('inbox.caseHandle', { handle: caseHandle(summary.id) })} · {t('casePage.typeRequest', { type: TYPE_LABELS[summary.requestType] })}
          </span>
        </h1>
      ) : (
        <h1>
          {t('inbox.caseHandle', { handle: caseHandle(summary.id) })} <span className="field__hint">{t('casePage.typeRequest', { type: TYPE_LABELS[summary.requestType] })}</span>
        </h1>
      )}
      {subject?.state === 'refused' && (
        <p className="refusal" role="alert">
          <span className="badge badge--bad">{t('casePage.refused')}</span> {t('casePage.subjectRefused')}
        </p>
      )}

      <section className="panel" aria-labelledby={`${id}-facts`}>
        <h2 id={`${id}-facts`}>{t('casePage.facts')}</h2>
        <dl className="facts-list">
          <dt>{t('staff.status')}</dt>
          <dd>{STATUS_LABELS[summary.status]}</dd>
          <dt>{t('inbox.urgency')}</dt>
          <dd>
            <span className={`urgency urgency--${summary.urgency}`}>{URGENCY_LABELS[summary.urgency]}</span>
          </dd>
          <dt>{t('inbox.due.label')}</dt>
          <dd>
            {summary.breached && <span className="badge badge--bad">{t('inbox.breached')}</span>}
            {formatTime(summary.firstResponseDueAt)}
            {summary.firstRespondedAt && <span className="field__hint"> ({t('casePage.answeredAt', { when: formatTime(summary.firstRespondedAt) })})</span>}
          </dd>
          <dt>{t('desks.desk')}</dt>
          <dd>{deskName(summary.ownerDeskId)}</dd>
          <dt>{t('casePage.sharedWith')}</dt>
          <dd>{summary.collaboratorDeskIds.length === 0 ? t('casePage.noOtherDesk') : summary.collaboratorDeskIds.map(deskName).join(', ')}</dd>
          <dt>{t('inbox.assignee')}</dt>
          <dd>{summary.assigneeId === null ? t('inbox.unassigned') : summary.assigneeId === session.staff.id ? t('inbox.you') : <AssigneeName staffId={summary.assigneeId} directory={directory} />}</dd>
          <dt>{t('routing.fields.country')}</dt>
          <dd>{countryName(summary.country)}</dd>
          <dt>{t('routing.fields.language')}</dt>
          <dd>{languageName(summary.language)}</dd>
          <dt>{t('inbox.opened')}</dt>
          <dd>{formatTime(summary.createdAt)}</dd>
          {summary.closedAt && (
            <>
              <dt>{t('casePage.closed')}</dt>
              <dd>{formatTime(summary.closedAt)}</dd>
            </>
          )}
        </dl>
      </section>

      {!key.open && key.unverified && (
        <div className="message message--error" role="alert" aria-labelledby={`${id}-unverified`}>
          <p id={`${id}-unverified`}>
            <strong>{t('casePage.failedVerification')}</strong>
          </p>
          <p>{key.reason}</p>
          <p>{t('casePage.nothingSent')}</p>
        </div>
      )}
      {!key.open && !key.unverified && (
        <p className="message message--error" role="alert">
          {key.reason}
        </p>
      )}
      {key.open && failedRecords > 0 && (
        <p className="message message--error" role="alert">
          <Trans t={t} i18nKey="casePage.recordsFailed" count={failedRecords} components={{ strong: <strong /> }} />
        </p>
      )}

      {key.open && (
        <section className="panel" aria-labelledby={`${id}-request`}>
          <h2 id={`${id}-request`}>{t('casePage.request')}</h2>
          {!request && <p className="message">{t('casePage.requestMissing')}</p>}
          {request?.content.state === 'request' && <RequestView form={request.content.form} typeMismatch={request.content.typeMismatch} clearType={TYPE_LABELS[summary.requestType].toLowerCase()} />}
          {request?.content.state === 'refused' && (
            <p className="refusal" role="alert">
              <span className="badge badge--bad">{t('casePage.refused')}</span> {t('casePage.requestRefused', { reason: request.content.reason })}
            </p>
          )}
          {request?.content.state === 'request' && (
            <p className="field__hint">
              <span className="badge badge--ok">{t('casePage.signatureVerified')}</span> {t('casePage.signedByRequester')}
            </p>
          )}
        </section>
      )}

      <section className="panel" aria-labelledby={`${id}-work`}>
        <h2 id={`${id}-work`}>{t('casePage.work')}</h2>
        <NoticeLine notice={notice} area="work" />
        <CaseActions summary={summary} session={session} desks={desks} keyOpen={writable} run={run} busy={busy} />
      </section>

      <CaseGrantsPanel view={view} me={session.staff.id} keyOpen={writable} mayPropose={can.proposeGrant} />

      <section className="panel" aria-labelledby={`${id}-files`}>
        <h2 id={`${id}-files`}>{t('casePage.files')}</h2>
        <CaseFilesPanel caseId={summary.id} keyOpen={key.open} />
        {writable && (can.note || can.message) && (
          <CaseAttachFiles
            key={summary.id}
            caseId={summary.id}
            allowNote={can.note}
            allowMessage={can.message}
            beforeNoteFiles={staffKeyReady}
            onSent={() => void queryClient.invalidateQueries({ queryKey: caseQueryKeys.one(summary.id) })}
          />
        )}
      </section>

      <section className="panel" aria-labelledby={`${id}-timeline`}>
        <h2 id={`${id}-timeline`}>{t('casePage.timeline')}</h2>
        {key.open ? <CaseTimeline entries={others} /> : <p className="message">{t('casePage.noKey')}</p>}
        <NoticeLine notice={notice} area="timeline" />
        {writable && (can.note || can.message) && (
          <div className="composers">
            {can.message && <RecordComposer kind="message" disabled={busy} onSend={(text) => send('message', text)} />}
            {can.note && <RecordComposer kind="note" disabled={busy} onSend={(text) => send('note', text)} />}
          </div>
        )}
      </section>
    </>
  );
}

function NoticeLine({ notice, area }: { notice: Notice; area: 'work' | 'timeline' }) {
  if (!notice || notice.area !== area) return null;
  return (
    <p className={notice.kind === 'ok' ? 'message message--ok' : 'message message--error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
      {notice.text}
    </p>
  );
}

function AssigneeName({ staffId, directory }: { staffId: string; directory: ReturnType<typeof createStaffDirectory> }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    directory
      .keysOf(staffId)
      .then((keys) => {
        if (live) setName(keys?.displayName ?? ct('inbox.noLongerEnrolled'));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [staffId, directory]);
  return <>{name ?? '…'}</>;
}
