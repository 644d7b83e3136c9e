/**
 * Progress of file uploads: for each file one bar for encryption (in this browser) and one for
 * the upload, with words beside them, and a way to resume a paused upload.
 */
import { useId } from 'react';
import { formatSize } from './file-picker';
import { type UploadState } from './file-upload';

function percent(done: number, size: number, finished: boolean): number {
  if (size === 0) return finished ? 100 : 0;
  return Math.floor((Math.min(done, size) / size) * 100);
}

const PHASE_WORDS: Readonly<Record<UploadState['phase'], string>> = {
  waiting: 'Waiting',
  running: 'Sending',
  paused: 'Paused',
  done: 'Sent',
  failed: 'Not sent',
};

/** What a paused upload needs said to a requester (the portal's default). */
const REQUESTER_PAUSED =
  'The upload resumes where it stopped, as long as this page stays open. If you close or reload it, the files that were not finished must be added again from the start, on the follow-up page with your receipt code.';

export function UploadProgress({
  uploads,
  onResume,
  heading = 'Your files',
  headingLevel = 2,
  pausedNotice = REQUESTER_PAUSED,
}: {
  uploads: readonly UploadState[];
  onResume: () => void;
  heading?: string;
  /** 3 where the list sits inside a section of its own (the case page's Files). */
  headingLevel?: 2 | 3;
  pausedNotice?: string;
}) {
  const headingId = useId();
  if (uploads.length === 0) return null;
  const paused = uploads.some((u) => u.phase === 'paused');
  return (
    <section className="uploads" aria-labelledby={headingId}>
      {headingLevel === 2 ? <h2 id={headingId}>{heading}</h2> : <h3 id={headingId}>{heading}</h3>}
      <ul className="uploads__list">
        {uploads.map((upload) => {
          const done = upload.phase === 'done';
          const encrypted = percent(upload.encrypted, upload.size, done);
          const uploaded = percent(upload.uploaded, upload.size, done);
          return (
            <li key={upload.key} className="uploads__item" aria-label={upload.name}>
              <p className="uploads__title">
                <span className="uploads__name">{upload.name}</span> <span className="uploads__size">({formatSize(upload.size)})</span>{' '}
                <span className={`badge ${done ? 'badge--ok' : upload.phase === 'failed' ? 'badge--bad' : 'badge--pending'}`}>{PHASE_WORDS[upload.phase]}</span>
              </p>
              <div className="progress-line">
                <label htmlFor={`${upload.key}-enc`}>Encrypted</label>
                <progress id={`${upload.key}-enc`} max={100} value={encrypted}>
                  {encrypted}%
                </progress>
                <span aria-hidden="true">{encrypted}%</span>
              </div>
              <div className="progress-line">
                <label htmlFor={`${upload.key}-up`}>Uploaded</label>
                <progress id={`${upload.key}-up`} max={100} value={uploaded}>
                  {uploaded}%
                </progress>
                <span aria-hidden="true">{uploaded}%</span>
              </div>
              {upload.message ? (
                <p className={upload.phase === 'failed' ? 'message message--error' : 'message'} role={upload.phase === 'failed' ? 'alert' : 'status'}>
                  {upload.message}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {paused ? (
        <div className="panel panel--inner">
          <p>{pausedNotice}</p>
          <button type="button" className="button" onClick={onResume}>
            Resume the upload
          </button>
        </div>
      ) : null}
    </section>
  );
}
