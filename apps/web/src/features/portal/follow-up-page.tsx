/**
 * `/follow-up`: a requester comes back with their receipt code, sees the status of their
 * request and the messages meant for them (decrypted and signature-checked in the worker),
 * replies, and adds files. Staff notes never reach this page: the api does not send them,
 * and the worker opens only the request and messages.
 */
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { type CaseStatus, type RequestType, REQUEST_TYPES, isShutStatus, requestFormFields } from '@ashar/domain';
import { isApiError } from '../../api/client';
import { cryptoWorker, endCryptoWorker } from '../../crypto/crypto-client';
import { type OpenedRecord } from '../../crypto/requester-worker-api';
import { FocusHeading } from '../../ui/focus-heading';
import { type ChosenFile, FilePicker, formatSize } from './file-picker';
import { type FollowUpCase, type FollowUpFile, loadFollowUpCase, signInWithReceipt } from './follow-up';
import { isUnknownReceipt, requesterReply, requesterSignOut } from './portal-api';
import { describePortalError } from './portal-errors';
import { PortalFrame } from './portal-frame';
import { onQuickExit } from './quick-exit';
import { REQUEST_TYPE_WORDS, fieldLabel, valueWords } from './request-labels';
import { signInWithHeldKeys } from './submit-request';
import { UploadProgress } from './upload-progress';
import { YourGrants } from './your-grants';
import { requesterSender, useUploads } from './use-uploads';
import { preparePow } from '../../api/proof-of-work';

/** Longest reply; a record holds up to 96 KiB, so this leaves room for any script. */
const REPLY_MAX = 20_000;

const STATUS_WORDS: Readonly<Record<CaseStatus, { readonly title: string; readonly about: string }>> = {
  new: { title: 'Received', about: 'Your request arrived. A team member will read it soon.' },
  triaged: { title: 'Read by our team', about: 'Your request was read and given a priority. Someone will work on it.' },
  in_progress: { title: 'Being worked on', about: 'Someone is working on your request.' },
  awaiting_requester: { title: 'Waiting for your reply', about: 'We asked you something. Read the messages below and reply.' },
  resolved: { title: 'Resolved', about: 'We consider your request answered. You can still reply if you need to.' },
  declined: { title: 'Not taken on', about: 'We could not take on this request. The messages below may say why.' },
  closed: { title: 'Closed', about: 'This request is closed. It will be deleted after a while.' },
  purged: { title: 'Deleted', about: 'This request was deleted.' },
};

type Step =
  | { readonly name: 'code'; readonly error: string | null }
  | { readonly name: 'opening' }
  | { readonly name: 'open'; readonly kid: string; readonly view: FollowUpCase };

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short' });
}

export function FollowUpPage() {
  const [step, setStep] = useState<Step>({ name: 'code', error: null });
  // Kept here, not in the code step, so that a refused code is still there to correct.
  const [typed, setTyped] = useState('');
  const navigate = useNavigate();

  useEffect(() => onQuickExit(() => void requesterSignOut()), []);
  // Receipt sign-in proves work: solved while the person types the code.
  useEffect(() => preparePow('requester-challenge'), []);
  useEffect(
    () => () => {
      endCryptoWorker();
    },
    [],
  );

  const open = async (code: string) => {
    setStep({ name: 'opening' });
    try {
      const kid = await signInWithReceipt(code);
      const view = await loadFollowUpCase();
      setTyped('');
      setStep({ name: 'open', kid, view });
    } catch (error) {
      await cryptoWorker()
        .forgetRequester()
        .catch(() => undefined);
      setStep({ name: 'code', error: isUnknownReceipt(error) ? 'This receipt code was not recognised. Check every character and try again.' : describePortalError(error) });
    }
  };

  const leave = async () => {
    await requesterSignOut();
    endCryptoWorker();
    void navigate('/', { replace: true });
  };

  let content;
  switch (step.name) {
    case 'code':
      content = <CodeStep typed={typed} onType={setTyped} error={step.error} onSubmit={() => void open(typed)} />;
      break;
    case 'opening':
      content = (
        <section aria-labelledby="follow-up-opening" aria-busy="true">
          <FocusHeading id="follow-up-opening">Opening your request…</FocusHeading>
          <progress className="progress-wide" aria-labelledby="follow-up-opening" />
          <p className="notice" role="status">
            Checking your receipt code and decrypting in this browser. This can take a few seconds.
          </p>
        </section>
      );
      break;
    case 'open':
      content = <CaseStep kid={step.kid} view={step.view} onView={(view) => setStep({ ...step, view })} onLeave={() => void leave()} />;
      break;
  }
  return (
    <PortalFrame>
      <h1 className="visually-hidden">Follow up on your request</h1>
      {content}
    </PortalFrame>
  );
}

function CodeStep({ typed, onType, error, onSubmit }: { typed: string; onType: (typed: string) => void; error: string | null; onSubmit: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (error) input.current?.focus();
  }, [error]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <section aria-labelledby="follow-up-code">
      <FocusHeading id="follow-up-code">Read our answer</FocusHeading>
      <p>Enter the receipt code you got when you sent your request. Upper or lower case and dashes do not matter.</p>
      <form className="form" onSubmit={submit} noValidate>
        <div className={`field${error ? ' field--invalid' : ''}`}>
          <label htmlFor="receipt-input">Receipt code</label>
          {error ? (
            <p id="receipt-input-error" className="field__error" role="alert">
              {error}
            </p>
          ) : null}
          <input
            ref={input}
            id="receipt-input"
            className="receipt-code"
            type="text"
            value={typed}
            onChange={(e) => onType(e.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={64}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'receipt-input-error' : undefined}
          />
        </div>
        <button type="submit" className="button">
          Open my request
        </button>
      </form>
    </section>
  );
}

function RequestSummary({ record }: { record: OpenedRecord }) {
  if (record.state !== 'verified') return null;
  const body = record.body as Record<string, unknown> | null;
  const type = body?.['type'];
  if (typeof type !== 'string' || !(REQUEST_TYPES as readonly string[]).includes(type)) return null;
  const fields = requestFormFields(type as RequestType);
  return (
    <details className="panel">
      <summary>Your request, as you sent it</summary>
      <dl className="answers">
        {fields
          .filter((f) => body?.[f.name] !== undefined)
          .map((field) => (
            <div key={field.name} className="answers__row">
              <dt>{fieldLabel(field)}</dt>
              <dd>{valueWords(field, body?.[field.name])}</dd>
            </div>
          ))}
      </dl>
    </details>
  );
}

function messageText(body: unknown): string | null {
  if (typeof body === 'object' && body !== null && typeof (body as { text?: unknown }).text === 'string') return (body as { text: string }).text;
  return null;
}

function Messages({ records }: { records: readonly OpenedRecord[] }) {
  const messages = records.filter((r) => r.kind === 'message');
  if (messages.length === 0) return <p>No messages yet. We will write here; come back later with your receipt code.</p>;
  return (
    <ol className="messages" aria-label="Messages">
      {messages.map((m) => {
        const who = m.from === 'you' ? 'You' : (m.authorName ?? 'Our team');
        const text = m.state === 'verified' ? messageText(m.body) : null;
        return (
          <li key={m.id} className={`message-item message-item--${m.from}`}>
            <p className="message-item__meta">
              <span className="message-item__author">{who}</span> · <time dateTime={m.createdAt}>{formatDate(m.createdAt)}</time>
            </p>
            {m.state === 'verified' ? (
              text !== null ? (
                <p className="message-item__text">{text}</p>
              ) : (
                <p className="notice">This message has a form this page cannot show.</p>
              )
            ) : (
              <p className="message message--error">This message is not shown: {m.reason}.</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** Decrypts a file in the worker and hands it to the browser's download, never displaying it. */
function DownloadButton({ file }: { file: FollowUpFile }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const { name, blob } = await cryptoWorker().downloadRequesterFile(file);
      const href = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = href;
      link.download = name;
      link.click();
      // The browser has taken the file once the click is handled.
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error: describePortalError(error) });
    }
  };
  return (
    <>
      <button type="button" className="link-button" onClick={() => void download()} disabled={state.busy}>
        {state.busy ? 'Decrypting…' : 'Download'}
        <span className="visually-hidden"> {file.name}</span>
      </button>
      {state.error ? (
        <span className="field__error" role="alert">
          {state.error}
        </span>
      ) : null}
    </>
  );
}

function CaseStep({ kid, view, onView, onLeave }: { kid: string; view: FollowUpCase; onView: (view: FollowUpCase) => void; onLeave: () => void }) {
  const [reply, setReply] = useState('');
  const [replyState, setReplyState] = useState<{ busy: boolean; error: string | null; sent: boolean }>({ busy: false, error: null, sent: false });
  const [files, setFiles] = useState<readonly ChosenFile[]>([]);
  const uploads = useUploads();
  const status = STATUS_WORDS[view.status];
  const closed = isShutStatus(view.status);
  const request = view.records.find((r) => r.kind === 'request');

  const reauthenticate = useCallback(() => signInWithHeldKeys(kid), [kid]);

  /** Runs `action`, signing in again with the held keys once if the session ended. */
  const withSession = useCallback(
    async <T,>(action: () => Promise<T>): Promise<T> => {
      try {
        return await action();
      } catch (error) {
        if (!isApiError(error, 401)) throw error;
        await reauthenticate();
        return action();
      }
    },
    [reauthenticate],
  );

  const sendReply = async (event: FormEvent) => {
    event.preventDefault();
    if (reply.trim() === '') {
      setReplyState({ busy: false, error: 'Write your reply first.', sent: false });
      return;
    }
    setReplyState({ busy: true, error: null, sent: false });
    try {
      const record = await cryptoWorker().sealReply(reply);
      await withSession(() => requesterReply(record));
      setReply('');
      onView(await withSession(loadFollowUpCase));
      setReplyState({ busy: false, error: null, sent: true });
    } catch (error) {
      setReplyState({ busy: false, error: isApiError(error, 409) ? 'This request is closed, so it cannot take replies.' : describePortalError(error), sent: false });
    }
  };

  const sendFiles = async () => {
    const chosen = files;
    setFiles([]);
    await uploads.start(view.caseId, chosen, requesterSender('message', reauthenticate));
    try {
      onView(await withSession(loadFollowUpCase));
    } catch {
      // The list of files refreshes the next time the page opens.
    }
  };

  const uploading = uploads.states.some((u) => u.phase === 'running' || u.phase === 'waiting');

  return (
    <section aria-labelledby="follow-up-case">
      <FocusHeading id="follow-up-case">Your request</FocusHeading>
      <dl className="answers">
        <div className="answers__row">
          <dt>Kind of help</dt>
          <dd>{REQUEST_TYPE_WORDS[view.requestType].title}</dd>
        </div>
        <div className="answers__row">
          <dt>Sent on</dt>
          <dd>{formatDate(view.createdAt)}</dd>
        </div>
        <div className="answers__row">
          <dt>Status</dt>
          <dd>
            <strong className="case-status">{status.title}</strong> — {status.about}
          </dd>
        </div>
      </dl>
      {request ? <RequestSummary record={request} /> : null}

      <h2>Messages</h2>
      <Messages records={view.records} />

      {closed ? null : (
        <form className="form" onSubmit={(e) => void sendReply(e)} noValidate>
          <div className={`field${replyState.error ? ' field--invalid' : ''}`}>
            <label htmlFor="reply-text">Your reply</label>
            <p id="reply-hint" className="field__hint">
              Encrypted in this browser before it is sent. Only the teams handling your request can read it.
            </p>
            {replyState.error ? (
              <p id="reply-error" className="field__error" role="alert">
                {replyState.error}
              </p>
            ) : null}
            <textarea
              id="reply-text"
              rows={5}
              value={reply}
              maxLength={REPLY_MAX}
              onChange={(e) => setReply(e.target.value)}
              aria-describedby={replyState.error ? 'reply-hint reply-error' : 'reply-hint'}
              aria-invalid={replyState.error ? true : undefined}
            />
          </div>
          {replyState.sent ? (
            <p className="message message--ok" role="status">
              Your reply was sent.
            </p>
          ) : null}
          <button type="submit" className="button" disabled={replyState.busy}>
            {replyState.busy ? 'Sending…' : 'Send reply'}
          </button>
        </form>
      )}

      <h2>Files</h2>
      {view.files.length === 0 ? (
        <p>No files yet.</p>
      ) : (
        <ul className="file-list" aria-label="Files of your request">
          {view.files.map((f) => (
            <li key={f.fileId} className="file-list__item">
              <span className="file-list__name">{f.name}</span>
              <span className="file-list__size">{formatSize(f.size)}</span>
              <span className="notice">
                {f.fromYou ? 'from you' : 'from our team'}
                {f.complete ? '' : ', not finished'}
              </span>
              {f.complete ? <DownloadButton file={f} /> : null}
            </li>
          ))}
        </ul>
      )}
      {closed ? null : (
        <div className="panel panel--inner">
          <FilePicker files={files} onChange={setFiles} label="Add files to your request" />
          <button type="button" className="button" disabled={files.length === 0 || uploading} onClick={() => void sendFiles()}>
            Send {files.length === 1 ? 'this file' : 'these files'}
          </button>
        </div>
      )}
      <UploadProgress uploads={uploads.states} onResume={() => void uploads.resume()} />

      <YourGrants kid={kid} withSession={withSession} />

      <div className="panel">
        <p>When you are done, sign out. The receipt code is not stored on this device.</p>
        <button type="button" className="button button--secondary" onClick={onLeave} disabled={uploading}>
          Sign out
        </button>
      </div>
    </section>
  );
}
