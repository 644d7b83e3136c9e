/**
 * Progress of file uploads: for each file one bar for encryption (in this browser) and one for
 * the upload, with words beside them, and a way to resume a paused upload.
 */
import { useId } from 'react';
import { useFormat } from '../../i18n';
import { type UploadState } from './file-upload';
import { type Words, usePortalWords } from './words';

function percent(done: number, size: number, finished: boolean): number {
  if (size === 0) return finished ? 100 : 0;
  return Math.floor((Math.min(done, size) / size) * 100);
}

export function UploadProgress({
  uploads,
  onResume,
  heading,
  headingLevel = 2,
  pausedNotice,
}: {
  uploads: readonly UploadState[];
  onResume: () => void;
  /** Defaults to the portal's "Your files". */
  heading?: string;
  /** 3 where the list sits inside a section of its own (the case page's Files). */
  headingLevel?: 2 | 3;
  /** Defaults to what a paused upload means for a requester. */
  pausedNotice?: string;
}) {
  const headingId = useId();
  const { t, say } = usePortalWords();
  const format = useFormat();
  if (uploads.length === 0) return null;
  const paused = uploads.some((u) => u.phase === 'paused');
  const title = heading ?? t('upload.heading');
  const message = (m: string | Words) => (typeof m === 'string' ? m : say(m));
  return (
    <section className="uploads" aria-labelledby={headingId}>
      {headingLevel === 2 ? <h2 id={headingId}>{title}</h2> : <h3 id={headingId}>{title}</h3>}
      <ul className="uploads__list">
        {uploads.map((upload) => {
          const done = upload.phase === 'done';
          const encrypted = percent(upload.encrypted, upload.size, done);
          const uploaded = percent(upload.uploaded, upload.size, done);
          const encryptedText = format.number(encrypted / 100, { style: 'percent' });
          const uploadedText = format.number(uploaded / 100, { style: 'percent' });
          return (
            <li key={upload.key} className="uploads__item" aria-label={upload.name}>
              <p className="uploads__title">
                <span className="uploads__name">{upload.name}</span> <span className="uploads__size">({format.bytes(upload.size)})</span>{' '}
                <span className={`badge ${done ? 'badge--ok' : upload.phase === 'failed' ? 'badge--bad' : 'badge--pending'}`}>{t(`upload.phase.${upload.phase}`)}</span>
              </p>
              <div className="progress-line">
                <label htmlFor={`${upload.key}-enc`}>{t('upload.encrypted')}</label>
                <progress id={`${upload.key}-enc`} max={100} value={encrypted}>
                  {encryptedText}
                </progress>
                <span aria-hidden="true">{encryptedText}</span>
              </div>
              <div className="progress-line">
                <label htmlFor={`${upload.key}-up`}>{t('upload.uploaded')}</label>
                <progress id={`${upload.key}-up`} max={100} value={uploaded}>
                  {uploadedText}
                </progress>
                <span aria-hidden="true">{uploadedText}</span>
              </div>
              {upload.message ? (
                <p className={upload.phase === 'failed' ? 'message message--error' : 'message'} role={upload.phase === 'failed' ? 'alert' : 'status'}>
                  {message(upload.message)}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {paused ? (
        <div className="panel panel--inner">
          <p>{pausedNotice ?? t('upload.pausedNotice')}</p>
          <button type="button" className="button" onClick={onResume}>
            {t('upload.resume')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
