/**
 * Attaching files to a case from the console: chosen here, encrypted in the crypto worker under
 * the case key opened for this page (a new file key each, name, type and size sealed with it),
 * and sent 64 KiB at a time with progress, retries and resumption while the page stays open —
 * the same upload as the portal's (docs/files-api.md). A file goes with a note (staff only) or
 * with a message (the requester sees it); the list of files is read again once they are sent.
 */
import { ct } from '../../ui/console-t';
import { useTranslation } from 'react-i18next';
import { useId, useState } from 'react';
import { ApiError } from '../../api/client';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type ChosenFile, FilePicker, FILES_PER_SUBMISSION, type UploadSender, UploadProgress, useUploads } from '../portal';
import { describeError } from '../identity';
import { Refusal } from '../../data/refusal';

type Goes = 'note' | 'message';


function staffSender(caseId: string, recordKind: Goes): UploadSender {
  return {
    begin: (file) => cryptoWorker().beginCaseFileUpload(caseId, file, file.name, recordKind),
    encryptor: cryptoWorker,
    describe: describeError,
    // A member of staff signs in again with a passkey, on purpose: an upload does not do it for them.
    reauthenticate: () => Promise.reject(new ApiError(401, 'unauthenticated', ct('attach.sessionEnded'))),
    proveWork: false,
  };
}

export function CaseAttachFiles({
  caseId,
  allowNote,
  allowMessage,
  beforeNoteFiles,
  onSent,
}: {
  caseId: string;
  allowNote: boolean;
  allowMessage: boolean;
  /** Makes sure the staff-only key a note's files go under is held (and exists); throws a refusal in words. */
  beforeNoteFiles: () => Promise<void>;
  onSent: () => void;
}) {
  const id = useId();
  const { t } = useTranslation('console');
  const uploads = useUploads();
  const [files, setFiles] = useState<readonly ChosenFile[]>([]);
  const [goes, setGoes] = useState<Goes>(allowNote ? 'note' : 'message');
  const [problem, setProblem] = useState<string | null>(null);
  const sending = uploads.states.some((s) => s.phase === 'running' || s.phase === 'waiting');

  async function send() {
    const chosen = files;
    setProblem(null);
    if (goes === 'note') {
      try {
        await beforeNoteFiles();
      } catch (error) {
        setProblem(error instanceof Refusal ? error.message : describeError(error));
        return;
      }
    }
    setFiles([]);
    await uploads.start(caseId, chosen, staffSender(caseId, goes));
    onSent();
  }

  return (
    <div className="attach-files">
      <h3 id={`${id}-title`}>{t('attach.title')}</h3>
      <fieldset className="field" aria-describedby={`${id}-title`}>
        <legend>{t('attach.goesWith')}</legend>
        <div className="choices choices--inline">
          {allowNote && (
            <div className="choice">
              <input id={`${id}-note`} type="radio" name={`${id}-goes`} value="note" checked={goes === 'note'} onChange={() => setGoes('note')} />
              <label htmlFor={`${id}-note`}>{t('attach.note')}</label>
            </div>
          )}
          {allowMessage && (
            <div className="choice">
              <input id={`${id}-message`} type="radio" name={`${id}-goes`} value="message" checked={goes === 'message'} onChange={() => setGoes('message')} />
              <label htmlFor={`${id}-message`}>{t('attach.message')}</label>
            </div>
          )}
        </div>
      </fieldset>
      <FilePicker files={files} onChange={setFiles} label={t('attach.label')} hint={t('attach.hint', { count: FILES_PER_SUBMISSION })} />
      {problem && (
        <p className="message message--error" role="alert">
          {problem}
        </p>
      )}
      <button type="button" className="button" disabled={files.length === 0 || sending} onClick={() => void send()}>
        {files.length === 0 ? t('attach.send') : t('attach.sendFiles', { count: files.length })}
      </button>
      <UploadProgress uploads={uploads.states} onResume={() => void uploads.resume().then(onSent)} heading={t('attach.progress')} headingLevel={3} pausedNotice={t('attach.paused')} />
    </div>
  );
}
