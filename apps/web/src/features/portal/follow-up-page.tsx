/**
 * `/follow-up`: a requester comes back with their receipt code, sees the status of their
 * request and the messages meant for them (decrypted and signature-checked in the worker),
 * replies, and adds files. Staff notes never reach this page: the api does not send them,
 * and the worker opens only the request and messages. The status is the api's requester status
 * in words that tell the truth (requester-status.ts); staff appear by pseudonym or as "Our team".
 */
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useFormat, useLanguageNavigate } from '../../i18n';
import { type RequestType, REQUEST_TYPES, isShutStatus, requestFormFields } from '@ashar/domain';
import { isApiError } from '../../api/client';
import { cryptoWorker, endCryptoWorker } from '../../crypto/crypto-client';
import { type OpenedRecord } from '../../crypto/requester-worker-api';
import { FocusHeading } from '../../ui/focus-heading';
import { type ChosenFile, FilePicker } from './file-picker';
import { type ApplicationFollowUpChunk } from './follow-up-application';
import { type FollowUpCase, type FollowUpFile, loadFollowUpCase, signInWithReceipt } from './follow-up';
import { isUnknownReceipt, requesterReply, requesterSignOut } from './portal-api';
import { describePortalError } from './portal-errors';
import { PortalFrame } from './portal-frame';
import { onQuickExit } from './quick-exit';
import { useRequestWords } from './request-labels';
import { signInWithHeldKeys } from './submit-request';
import { UploadProgress } from './upload-progress';
import { YourGrants } from './your-grants';
import { requesterSender, useUploads } from './use-uploads';
import { requesterStatusWords } from './requester-status';
import { preparePow } from '../../api/proof-of-work';
import '../../crypto/pow-client';
import { type Words, usePortalWords, words } from './words';

/** Longest reply; a record holds up to 96 KiB, so this leaves room for any script. */
const REPLY_MAX = 20_000;

/**
 * A version 1 receipt code (20 characters) goes through Argon2id; without WebAssembly (Tor Browser
 * at "Safer") the worker runs it in plain JavaScript, which takes a minute or more, not seconds.
 */
const slowToOpen = (code: string) => typeof WebAssembly !== 'object' && code.replace(/[^0-9A-Za-z]/g, '').length === 20;

/** The applicant's follow-up (a chunk of the call pages with their words), loaded only for a receipt of an application; given by the router. */
let applicationFollowUp: (() => Promise<ApplicationFollowUpChunk>) | null = null;

export function setApplicationFollowUp(load: () => Promise<ApplicationFollowUpChunk>): void {
  applicationFollowUp = load;
}

type Step =
  | { readonly name: 'code'; readonly error: Words | null }
  | { readonly name: 'opening'; readonly slow: boolean }
  | { readonly name: 'open'; readonly kid: string; readonly view: FollowUpCase }
  | { readonly name: 'application'; readonly kid: string; readonly chunk: ApplicationFollowUpChunk; readonly loaded: object };

/**
 * A receipt without an aid request (GET /requester/case answers 404) may be an applicant's: their
 * application, opened, with the chunk that shows it; null when it is neither.
 */
async function openApplicationInstead(kid: string): Promise<Step | null> {
  if (!applicationFollowUp) return null;
  const chunk = await applicationFollowUp();
  const loaded = await chunk.load();
  return loaded ? { name: 'application', kid, chunk, loaded } : null;
}

export function FollowUpPage() {
  const [step, setStep] = useState<Step>({ name: 'code', error: null });
  // Kept here, not in the code step, so that a refused code is still there to correct.
  const [typed, setTyped] = useState('');
  const navigate = useLanguageNavigate();
  const { t } = usePortalWords();

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
    setStep({ name: 'opening', slow: slowToOpen(code) });
    try {
      const kid = await signInWithReceipt(code);
      let view: FollowUpCase;
      try {
        view = await loadFollowUpCase();
      } catch (error) {
        // No aid request behind this receipt: an application to a call, if it has one.
        const application = isApiError(error, 404) ? await openApplicationInstead(kid) : null;
        if (!application) throw error;
        setTyped('');
        setStep(application);
        return;
      }
      setTyped('');
      setStep({ name: 'open', kid, view });
    } catch (error) {
      await cryptoWorker()
        .forgetRequester()
        .catch(() => undefined);
      setStep({ name: 'code', error: isUnknownReceipt(error) ? words('error.unknownReceipt') : describePortalError(error) });
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
          <FocusHeading id="follow-up-opening">{t('followUp.opening')}</FocusHeading>
          <progress className="progress-wide" aria-labelledby="follow-up-opening" />
          <p className="notice" role="status">
            {t(step.slow ? 'followUp.openingNoticeSlow' : 'followUp.openingNotice')}
          </p>
        </section>
      );
      break;
    case 'open':
      content = <CaseStep kid={step.kid} view={step.view} onView={(view) => setStep({ ...step, view })} onLeave={() => void leave()} />;
      break;
    case 'application': {
      const { Page } = step.chunk;
      content = <Page kid={step.kid} loaded={step.loaded as never} onLeave={() => void leave()} />;
      break;
    }
  }
  return (
    <PortalFrame>
      <h1 className="visually-hidden">{t('followUp.title')}</h1>
      {content}
    </PortalFrame>
  );
}

function CodeStep({ typed, onType, error, onSubmit }: { typed: string; onType: (typed: string) => void; error: Words | null; onSubmit: () => void }) {
  const { t, say } = usePortalWords();
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
      <FocusHeading id="follow-up-code">{t('followUp.codeTitle')}</FocusHeading>
      <p>{t('followUp.codeIntro')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <div className={`field${error ? ' field--invalid' : ''}`}>
          <label htmlFor="receipt-input">{t('followUp.codeLabel')}</label>
          {error ? (
            <p id="receipt-input-error" className="field__error" role="alert">
              {say(error)}
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
          {t('followUp.open')}
        </button>
      </form>
    </section>
  );
}

function RequestSummary({ record }: { record: OpenedRecord }) {
  const { t } = usePortalWords();
  const requestWords = useRequestWords();
  if (record.state !== 'verified') return null;
  const body = record.body as Record<string, unknown> | null;
  const type = body?.['type'];
  if (typeof type !== 'string' || !(REQUEST_TYPES as readonly string[]).includes(type)) return null;
  const fields = requestFormFields(type as RequestType);
  return (
    <details className="panel">
      <summary>{t('followUp.asSent')}</summary>
      <dl className="answers">
        {fields
          .filter((f) => body?.[f.name] !== undefined)
          .map((field) => (
            <div key={field.name} className="answers__row">
              <dt>{requestWords.fieldLabel(field)}</dt>
              <dd>{requestWords.valueWords(field, body?.[field.name])}</dd>
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
  const { t } = usePortalWords();
  const format = useFormat();
  const messages = records.filter((r) => r.kind === 'message');
  if (messages.length === 0) return <p>{t('followUp.noMessages')}</p>;
  return (
    <ol className="messages" aria-label={t('followUp.messages')}>
      {messages.map((m) => {
        const who = m.from === 'you' ? t('followUp.you') : (m.authorName ?? t('followUp.ourTeam'));
        const text = m.state === 'verified' ? messageText(m.body) : null;
        return (
          <li key={m.id} className={`message-item message-item--${m.from}`}>
            <p className="message-item__meta">
              <span className="message-item__author">{who}</span> · <time dateTime={m.createdAt}>{format.dateTime(m.createdAt)}</time>
            </p>
            {m.state === 'verified' ? (
              text !== null ? (
                <p className="message-item__text">{text}</p>
              ) : (
                <p className="notice">{t('followUp.messageUnknownForm')}</p>
              )
            ) : (
              <p className="message message--error">{t('followUp.messageNotShown')}</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** Decrypts a file in the worker and hands it to the browser's download, never displaying it. */
function DownloadButton({ file }: { file: FollowUpFile }) {
  const { t, say } = usePortalWords();
  const [state, setState] = useState<{ busy: boolean; error: Words | null }>({ busy: false, error: null });
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
        {state.busy ? t('followUp.decrypting') : t('followUp.download')}
        <span className="visually-hidden"> {file.name}</span>
      </button>
      {state.error ? (
        <span className="field__error" role="alert">
          {say(state.error)}
        </span>
      ) : null}
    </>
  );
}

function CaseStep({ kid, view, onView, onLeave }: { kid: string; view: FollowUpCase; onView: (view: FollowUpCase) => void; onLeave: () => void }) {
  const [reply, setReply] = useState('');
  const [replyState, setReplyState] = useState<{ busy: boolean; error: Words | null; sent: boolean }>({ busy: false, error: null, sent: false });
  const { t, say } = usePortalWords();
  const format = useFormat();
  const requestWords = useRequestWords();
  const [files, setFiles] = useState<readonly ChosenFile[]>([]);
  const uploads = useUploads();
  const status = requesterStatusWords(view.requesterStatus, view.status, view.records);
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
      setReplyState({ busy: false, error: words('followUp.replyEmpty'), sent: false });
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
      setReplyState({ busy: false, error: isApiError(error, 409) ? words('followUp.replyClosed') : describePortalError(error), sent: false });
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
      <FocusHeading id="follow-up-case">{t('followUp.caseTitle')}</FocusHeading>
      <dl className="answers">
        <div className="answers__row">
          <dt>{t('type.legend')}</dt>
          <dd>{requestWords.typeTitle(view.requestType)}</dd>
        </div>
        <div className="answers__row">
          <dt>{t('followUp.sentOn')}</dt>
          <dd>{format.dateTime(view.createdAt)}</dd>
        </div>
        <div className="answers__row">
          <dt>{t('followUp.status')}</dt>
          <dd>
            <strong className={`case-status case-status--${view.requesterStatus}`}>{t(status.title)}</strong> — {t(status.about)}
          </dd>
        </div>
      </dl>
      {request ? <RequestSummary record={request} /> : null}

      <h2>{t('followUp.messages')}</h2>
      <Messages records={view.records} />

      {closed ? null : (
        <form className="form" onSubmit={(e) => void sendReply(e)} noValidate>
          <div className={`field${replyState.error ? ' field--invalid' : ''}`}>
            <label htmlFor="reply-text">{t('followUp.replyLabel')}</label>
            <p id="reply-hint" className="field__hint">
              {t('followUp.replyHint')}
            </p>
            {replyState.error ? (
              <p id="reply-error" className="field__error" role="alert">
                {say(replyState.error)}
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
              {t('followUp.replySent')}
            </p>
          ) : null}
          <button type="submit" className="button" disabled={replyState.busy}>
            {replyState.busy ? t('action.sending') : t('followUp.sendReply')}
          </button>
        </form>
      )}

      <h2>{t('review.files')}</h2>
      {view.files.length === 0 ? (
        <p>{t('followUp.noFiles')}</p>
      ) : (
        <ul className="file-list" aria-label={t('followUp.filesLabel')}>
          {view.files.map((f) => (
            <li key={f.fileId} className="file-list__item">
              <span className="file-list__name">{f.name}</span>
              <span className="file-list__size">{format.bytes(f.size)}</span>
              <span className="notice">{t(`followUp.file.${f.fromYou ? 'fromYou' : 'fromTeam'}${f.complete ? '' : 'Unfinished'}`)}</span>
              {f.complete ? <DownloadButton file={f} /> : null}
            </li>
          ))}
        </ul>
      )}
      {closed ? null : (
        <div className="panel panel--inner">
          <FilePicker files={files} onChange={setFiles} label={t('followUp.addFiles')} />
          <button type="button" className="button" disabled={files.length === 0 || uploading} onClick={() => void sendFiles()}>
            {t('followUp.sendFiles', { count: files.length })}
          </button>
        </div>
      )}
      <UploadProgress uploads={uploads.states} onResume={() => void uploads.resume()} />

      <YourGrants kid={kid} withSession={withSession} />

      <div className="panel">
        <p>{t('followUp.signOutHint')}</p>
        <button type="button" className="button button--secondary" onClick={onLeave} disabled={uploading}>
          {t('followUp.signOut')}
        </button>
      </div>
    </section>
  );
}
