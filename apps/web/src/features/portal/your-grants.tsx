/**
 * "Your grants" on the follow-up page: each grant's amount and status; the payee details form
 * (who to pay, how, how to reach them), encrypted in this browser under the grant key; and, once
 * the money is on its way, the report — a short text with receipts or photos — with its due date
 * and what became of earlier reports.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useCallback, useId, useState } from 'react';
import { type GrantStatus, formatMoney } from '@ashar/domain';
import { useTranslation } from 'react-i18next';
import { payeeDraftOf } from '../../data/payee-details';
import { numberLocale, useFormat } from '../../i18n';
import { PayeeForm } from '../../ui/payee-form';
import { type ChosenFile, FilePicker } from './file-picker';
import { describePortalError } from './portal-errors';
import { type ReportFileProgress, type YourGrant, loadYourGrants, savePayee, sendReport } from './requester-grants';
import { UploadProgress } from './upload-progress';
import { type Words, usePortalWords, words } from './words';

/** A grant status as the requester reads it (`grants.status.<status>`); a grant being prepared or missing information reads the same. */
const statusKey = (status: GrantStatus) => `grants.status.${status === 'needs_information' ? 'draft' : status}`;
const PAYEE_OPEN: ReadonlySet<GrantStatus> = new Set(['draft', 'submitted', 'needs_information', 'approved', 'disbursing']);
const REPORT_OPEN: ReadonlySet<GrantStatus> = new Set(['disbursing', 'disbursed']);
const REPORT_MAX = 4_000;

export function YourGrants({ kid, withSession }: { kid: string; withSession: <T>(action: () => Promise<T>) => Promise<T> }) {
  const { t, say } = usePortalWords();
  // Keyed by the receipt key id, never kept once the page leaves it: another code in this tab starts afresh.
  const grants = useQuery({ queryKey: ['requester-grants', kid], queryFn: () => withSession(loadYourGrants), gcTime: 0, retry: false });
  const { refetch } = grants;
  const reload = useCallback(async () => {
    await refetch();
  }, [refetch]);

  if (grants.isError) {
    return (
      <>
        <h2>{t('grants.title')}</h2>
        <p className="message message--error" role="alert">
          {say(describePortalError(grants.error))}
        </p>
      </>
    );
  }
  if (!grants.data || grants.data.length === 0) return null;
  return (
    <>
      <h2>{t('grants.title')}</h2>
      {grants.data.map((grant) => (
        <GrantItem key={grant.view.id} grant={grant} withSession={withSession} reload={reload} />
      ))}
    </>
  );
}

function GrantItem({ grant, withSession, reload }: { grant: YourGrant; withSession: <T>(action: () => Promise<T>) => Promise<T>; reload: () => Promise<void> }) {
  const id = useId();
  const { t, say } = usePortalWords();
  const { t: common } = useTranslation('common');
  const format = useFormat();
  const { view } = grant;
  const [payeeState, setPayeeState] = useState<{ busy: boolean; error: Words | null; saved: boolean; editing: boolean }>({ busy: false, error: null, saved: false, editing: false });
  const verified = grant.payee?.state === 'verified' ? grant.payee : null;
  const amount = formatMoney(BigInt(view.amountMinor), view.currency, numberLocale(format.language));
  const method = verified?.details['method'];

  const save = (details: Readonly<Record<string, string>>) => {
    setPayeeState({ busy: true, error: null, saved: false, editing: true });
    void (async () => {
      try {
        await withSession(() => savePayee(view.id, details));
        setPayeeState({ busy: false, error: null, saved: true, editing: false });
        await reload();
      } catch (e) {
        setPayeeState({ busy: false, error: describePortalError(e), saved: false, editing: true });
      }
    })();
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {t('grants.heading', { amount, purpose: t(`grants.purpose.${view.purpose}`) })}
      </h3>
      <dl className="answers">
        <div className="answers__row">
          <dt>{t('followUp.status')}</dt>
          <dd>
            <strong className="case-status">{t(statusKey(view.status))}</strong>
          </dd>
        </div>
        {view.reportDueOn && (
          <div className="answers__row">
            <dt>{t('grants.reportDue')}</dt>
            <dd>{/^\d{4}-\d{2}-\d{2}$/.test(view.reportDueOn) ? format.isoDate(view.reportDueOn) : format.date(view.reportDueOn)}</dd>
          </div>
        )}
      </dl>
      {grant.failure && (
        <p className="message message--error" role="alert">
          {say(grant.failure)}
        </p>
      )}

      {grant.open && PAYEE_OPEN.has(view.status) && (
        <>
          <h4>{t('grants.payeeTitle')}</h4>
          <p className="field__hint">{t('grants.payeeHint')}</p>
          {payeeState.saved && (
            <p className="message message--ok" role="status">
              {t('grants.payeeSaved')}
            </p>
          )}
          {payeeState.error && (
            <p className="message message--error" role="alert">
              {say(payeeState.error)}
            </p>
          )}
          {verified && !payeeState.editing && (
            <>
              <dl className="answers" aria-label={t('grants.payeeDetails')}>
                <div className="answers__row">
                  <dt>{common('payee.short.name')}</dt>
                  <dd>{verified.details['name']}</dd>
                </div>
                <div className="answers__row">
                  <dt>{common('payee.short.method')}</dt>
                  <dd>{method === 'bank' || method === 'mobile' || method === 'intermediary' ? common(`payee.method.${method}`) : method}</dd>
                </div>
                <div className="answers__row">
                  <dt>{common('payee.short.account')}</dt>
                  <dd>{verified.details['account']}</dd>
                </div>
                <div className="answers__row">
                  <dt>{common('payee.short.contact')}</dt>
                  <dd>{verified.details['contact']}</dd>
                </div>
              </dl>
              <button type="button" className="button button--secondary" onClick={() => setPayeeState((s) => ({ ...s, editing: true, saved: false }))}>
                {t('grants.payeeChange')}
              </button>
            </>
          )}
          {verified?.from === 'staff' && !payeeState.editing && <p className="notice">{t('grants.payeeFromStaff')}</p>}
          {view.payee && !verified && !payeeState.editing && (
            <p className="notice">
              {t('grants.payeeUnchecked')}{' '}
              <button type="button" className="link-button" onClick={() => setPayeeState((s) => ({ ...s, editing: true }))}>
                {t('grants.payeeGiveYourself')}
              </button>
            </p>
          )}
          {(!view.payee || payeeState.editing) && (
            <PayeeForm initial={verified ? payeeDraftOf(verified.details) : undefined} busy={payeeState.busy} submitLabel={t('grants.payeeSave')} onSave={save} />
          )}
        </>
      )}

      {view.reports.length > 0 && (
        <>
          <h4>{t('grants.reportsTitle')}</h4>
          <ul className="file-list" aria-label={t('grants.reportsTitle')}>
            {view.reports.map((r, i) => (
              <li key={r.id} className="file-list__item">
                {t('grants.reportLine', { number: format.number(i + 1), date: format.date(r.submittedAt) })} <strong>{t(`grants.report.${r.status}`)}</strong>
                {r.files.length > 0 ? ` ${t('grants.reportFiles', { count: r.files.length })}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {grant.open && REPORT_OPEN.has(view.status) && !view.reports.some((r) => r.status === 'submitted' || r.status === 'accepted') && (
        <ReportForm grantId={view.id} withSession={withSession} reload={reload} />
      )}
    </section>
  );
}

function ReportForm({ grantId, withSession, reload }: { grantId: string; withSession: <T>(action: () => Promise<T>) => Promise<T>; reload: () => Promise<void> }) {
  const id = useId();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<readonly ChosenFile[]>([]);
  const [progress, setProgress] = useState<readonly ReportFileProgress[]>([]);
  const [state, setState] = useState<{ busy: boolean; error: Words | null; sent: boolean }>({ busy: false, error: null, sent: false });
  const { t, say } = usePortalWords();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') {
      setState({ busy: false, error: words('grants.reportEmpty'), sent: false });
      return;
    }
    const chosen = files;
    setProgress(chosen.map(({ key, file }) => ({ key, name: file.name, size: file.size, phase: 'waiting', encrypted: 0, uploaded: 0, message: null })));
    setState({ busy: true, error: null, sent: false });
    void (async () => {
      try {
        const outcomes = await withSession(() => sendReport(grantId, text.trim(), chosen, (p) => setProgress((all) => all.map((x) => (x.key === p.key ? p : x)))));
        const failed = outcomes.filter((o) => o.phase === 'failed').length;
        setText('');
        setFiles([]);
        setState({ busy: false, error: failed > 0 ? words('grants.reportFilesFailed', { count: failed }) : null, sent: true });
        await reload();
      } catch (e) {
        setState({ busy: false, error: describePortalError(e), sent: false });
      }
    })();
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('grants.reportTitle')}</h4>
      <div className={state.error ? 'field field--invalid' : 'field'}>
        <label htmlFor={`${id}-text`}>{t('grants.reportLabel')}</label>
        <p className="field__hint" id={`${id}-hint`}>
          {t('grants.reportHint')}
        </p>
        {state.error && (
          <p className="field__error" role="alert">
            {say(state.error)}
          </p>
        )}
        <textarea id={`${id}-text`} rows={4} maxLength={REPORT_MAX} value={text} aria-describedby={`${id}-hint`} onChange={(e) => setText(e.target.value)} />
      </div>
      <FilePicker files={files} onChange={setFiles} label={t('grants.reportFilesLabel')} />
      {state.sent && (
        <p className="message message--ok" role="status">
          {t('grants.reportSent')}
        </p>
      )}
      <button type="submit" className="button" disabled={state.busy}>
        {state.busy ? t('action.sending') : t('grants.reportSend')}
      </button>
      <UploadProgress uploads={progress} onResume={() => undefined} heading={t('grants.reportFilesHeading')} headingLevel={3} />
    </form>
  );
}
