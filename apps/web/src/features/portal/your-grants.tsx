/**
 * "Your grants" on the follow-up page: each grant's amount and status; the payee details form
 * (who to pay, how, how to reach them), encrypted in this browser under the grant key; and, once
 * the money is on its way, the report — a short text with receipts or photos — with its due date
 * and what became of earlier reports.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useCallback, useId, useState } from 'react';
import { type BudgetPurpose, type GrantStatus, formatMoney } from '@ashar/domain';
import { PAYEE_METHOD_LABELS, payeeDraftOf } from '../../data/payee-details';
import { PayeeForm } from '../../ui/payee-form';
import { type ChosenFile, FilePicker } from './file-picker';
import { describePortalError } from './portal-errors';
import { type ReportFileProgress, type YourGrant, loadYourGrants, savePayee, sendReport } from './requester-grants';
import { UploadProgress } from './upload-progress';

const STATUS_WORDS: Readonly<Record<GrantStatus, string>> = {
  draft: 'Being prepared',
  submitted: 'Waiting for approval',
  needs_information: 'Being prepared',
  approved: 'Approved, payment being prepared',
  rejected: 'Not approved',
  disbursing: 'Being paid',
  disbursed: 'Paid',
  reported: 'Paid, report accepted',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
  cancelled: 'Cancelled',
};

const PURPOSE_WORDS: Readonly<Record<BudgetPurpose, string>> = {
  security_equipment: 'security equipment',
  legal_fees: 'legal fees',
  medical_costs: 'medical costs',
  relocation: 'relocation',
  psychosocial: 'psychosocial support',
  livelihood: 'livelihood',
  media_operations: 'media operations',
  fellowship_stipend: 'a fellowship stipend',
  other: 'other costs',
};

const REPORT_WORDS = { submitted: 'Sent, waiting to be read', accepted: 'Accepted', more_requested: 'More asked for: please send another report' } as const;
const PAYEE_OPEN: ReadonlySet<GrantStatus> = new Set(['draft', 'submitted', 'needs_information', 'approved', 'disbursing']);
const REPORT_OPEN: ReadonlySet<GrantStatus> = new Set(['disbursing', 'disbursed']);
const REPORT_MAX = 4_000;

export function YourGrants({ kid, withSession }: { kid: string; withSession: <T>(action: () => Promise<T>) => Promise<T> }) {
  // Keyed by the receipt key id, never kept once the page leaves it: another code in this tab starts afresh.
  const grants = useQuery({ queryKey: ['requester-grants', kid], queryFn: () => withSession(loadYourGrants), gcTime: 0, retry: false });
  const { refetch } = grants;
  const reload = useCallback(async () => {
    await refetch();
  }, [refetch]);

  if (grants.isError) {
    return (
      <>
        <h2>Your grants</h2>
        <p className="message message--error" role="alert">
          {describePortalError(grants.error)}
        </p>
      </>
    );
  }
  if (!grants.data || grants.data.length === 0) return null;
  return (
    <>
      <h2>Your grants</h2>
      {grants.data.map((grant) => (
        <GrantItem key={grant.view.id} grant={grant} withSession={withSession} reload={reload} />
      ))}
    </>
  );
}

function GrantItem({ grant, withSession, reload }: { grant: YourGrant; withSession: <T>(action: () => Promise<T>) => Promise<T>; reload: () => Promise<void> }) {
  const id = useId();
  const { view } = grant;
  const [payeeState, setPayeeState] = useState<{ busy: boolean; error: string | null; saved: boolean; editing: boolean }>({ busy: false, error: null, saved: false, editing: false });
  const verified = grant.payee?.state === 'verified' ? grant.payee : null;
  const amount = formatMoney(BigInt(view.amountMinor), view.currency);

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
        Grant of {amount} for {PURPOSE_WORDS[view.purpose]}
      </h3>
      <dl className="answers">
        <div className="answers__row">
          <dt>Status</dt>
          <dd>
            <strong className="case-status">{STATUS_WORDS[view.status]}</strong>
          </dd>
        </div>
        {view.reportDueOn && (
          <div className="answers__row">
            <dt>Report due</dt>
            <dd>{new Date(view.reportDueOn).toLocaleDateString('en-GB', { dateStyle: 'long' })}</dd>
          </div>
        )}
      </dl>
      {grant.failure && (
        <p className="message message--error" role="alert">
          {grant.failure}
        </p>
      )}

      {grant.open && PAYEE_OPEN.has(view.status) && (
        <>
          <h4>Where should we send the money?</h4>
          <p className="field__hint">Encrypted in this browser before it is sent. Only our finance team and the team handling your request can read it.</p>
          {payeeState.saved && (
            <p className="message message--ok" role="status">
              Your payment details were saved.
            </p>
          )}
          {payeeState.error && (
            <p className="message message--error" role="alert">
              {payeeState.error}
            </p>
          )}
          {verified && !payeeState.editing && (
            <>
              <dl className="answers" aria-label="Your payment details">
                <div className="answers__row">
                  <dt>Name</dt>
                  <dd>{verified.details['name']}</dd>
                </div>
                <div className="answers__row">
                  <dt>How</dt>
                  <dd>{PAYEE_METHOD_LABELS[verified.details['method'] as keyof typeof PAYEE_METHOD_LABELS] ?? verified.details['method']}</dd>
                </div>
                <div className="answers__row">
                  <dt>Pay to</dt>
                  <dd>{verified.details['account']}</dd>
                </div>
                <div className="answers__row">
                  <dt>How to reach them</dt>
                  <dd>{verified.details['contact']}</dd>
                </div>
              </dl>
              <button type="button" className="button button--secondary" onClick={() => setPayeeState((s) => ({ ...s, editing: true, saved: false }))}>
                Change your payment details
              </button>
            </>
          )}
          {verified?.from === 'staff' && !payeeState.editing && <p className="notice">Our team gave these payment details for you. Check them, and change them if they are wrong.</p>}
          {view.payee && !verified && !payeeState.editing && (
            <p className="notice">
              Payment details were given for you, but they could not be checked here.{' '}
              <button type="button" className="link-button" onClick={() => setPayeeState((s) => ({ ...s, editing: true }))}>
                Give them yourself instead
              </button>
            </p>
          )}
          {(!view.payee || payeeState.editing) && <PayeeForm initial={verified ? payeeDraftOf(verified.details) : undefined} busy={payeeState.busy} submitLabel="Save payment details" onSave={save} />}
        </>
      )}

      {view.reports.length > 0 && (
        <>
          <h4>Your reports</h4>
          <ul className="file-list" aria-label="Your reports">
            {view.reports.map((r, i) => (
              <li key={r.id} className="file-list__item">
                Report {i + 1}, sent {new Date(r.submittedAt).toLocaleDateString('en-GB', { dateStyle: 'long' })}: <strong>{REPORT_WORDS[r.status]}</strong>
                {r.files.length > 0 ? ` (${r.files.length} file${r.files.length === 1 ? '' : 's'})` : ''}
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
  const [state, setState] = useState<{ busy: boolean; error: string | null; sent: boolean }>({ busy: false, error: null, sent: false });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') {
      setState({ busy: false, error: 'Write a few words about how the money was used.', sent: false });
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
        setState({ busy: false, error: failed > 0 ? `Your report was sent, but ${failed} file${failed === 1 ? ' was' : 's were'} not.` : null, sent: true });
        await reload();
      } catch (e) {
        setState({ busy: false, error: describePortalError(e), sent: false });
      }
    })();
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>Report on how the money was used</h4>
      <div className={state.error ? 'field field--invalid' : 'field'}>
        <label htmlFor={`${id}-text`}>Your report</label>
        <p className="field__hint" id={`${id}-hint`}>
          A few words, and receipts or photos if you have them. Encrypted in this browser before it is sent.
        </p>
        {state.error && (
          <p className="field__error" role="alert">
            {state.error}
          </p>
        )}
        <textarea id={`${id}-text`} rows={4} maxLength={REPORT_MAX} value={text} aria-describedby={`${id}-hint`} onChange={(e) => setText(e.target.value)} />
      </div>
      <FilePicker files={files} onChange={setFiles} label="Receipts and photos" />
      {state.sent && (
        <p className="message message--ok" role="status">
          Your report was sent.
        </p>
      )}
      <button type="submit" className="button" disabled={state.busy}>
        {state.busy ? 'Sending…' : 'Send the report'}
      </button>
      <UploadProgress uploads={progress} onResume={() => undefined} heading="Report files" headingLevel={3} />
    </form>
  );
}
