/**
 * Choosing files to send: a file input shown as a button (the input itself stays the control
 * that the keyboard and screen readers reach, its focus drawn on the button), the list of what was chosen with sizes and a remove
 * button each, and the limits said before anything is encrypted. The files stay on the device
 * until they are sent; each is then read, encrypted and uploaded piece by piece.
 */
import { useId, useState } from 'react';
import { formatBytes, useFormat } from '../../i18n';
import { type Words, usePortalWords, words } from './words';

/** Files one request or reply may carry (the api allows FILES_PER_CASE_MAX per case, default 100). */
export const FILES_PER_SUBMISSION = 10;
/**
 * Largest file the portal offers to send: the api's default FILE_MAX_BYTES (2 GiB of
 * ciphertext) less the 17 bytes per 64 KiB chunk that encryption adds.
 */
export const FILE_MAX_BYTES = 2 * 1024 * 1024 * 1024 - 17 * 32_768;

export interface ChosenFile {
  readonly key: string;
  readonly file: File;
}

/** A file size in the UI language ("1.5 MB"); components that re-render on a switch use `useFormat().bytes`. */
export function formatSize(bytes: number): string {
  return formatBytes(bytes);
}

let nextKey = 0;


export function FilePicker({
  files,
  onChange,
  label,
  hint,
}: {
  files: readonly ChosenFile[];
  onChange: (files: readonly ChosenFile[]) => void;
  label: string;
  /** Defaults to what the portal says of files before a requester chooses them. */
  hint?: string;
}) {
  const id = useId();
  const { t, say } = usePortalWords();
  const format = useFormat();
  const [refused, setRefused] = useState<Words[]>([]);

  const add = (list: FileList | null) => {
    if (!list) return;
    const problems: Words[] = [];
    const added: ChosenFile[] = [];
    for (const file of Array.from(list)) {
      if (files.length + added.length >= FILES_PER_SUBMISSION) {
        problems.push(words('files.tooMany', { name: file.name, count: FILES_PER_SUBMISSION }));
      } else if (file.size > FILE_MAX_BYTES) {
        problems.push(words('files.tooLarge', { name: file.name, size: format.bytes(FILE_MAX_BYTES) }));
      } else {
        nextKey += 1;
        added.push({ key: `file-${nextKey}`, file });
      }
    }
    setRefused(problems);
    if (added.length > 0) onChange([...files, ...added]);
  };

  return (
    <div className="field files">
      <label htmlFor={`${id}-input`}>{label}</label>
      <p id={`${id}-hint`} className="field__hint">
        {hint ?? t('files.hint', { count: FILES_PER_SUBMISSION, size: format.bytes(FILE_MAX_BYTES) })}
      </p>
      {refused.length > 0 ? (
        <ul className="field__error" role="alert">
          {refused.map((problem, i) => (
            <li key={i}>{say(problem)}</li>
          ))}
        </ul>
      ) : null}
      <div className="file-picker">
        {/* The real control, for the keyboard and screen readers: visually hidden, its focus shown on the button below. */}
        <input
          id={`${id}-input`}
          className="file-picker__input"
          type="file"
          multiple
          aria-describedby={`${id}-hint ${id}-chosen`}
          onChange={(e) => {
            add(e.target.files);
            // The same file can be chosen again after it was removed.
            e.target.value = '';
          }}
        />
        <label htmlFor={`${id}-input`} className="button button--secondary file-picker__button" aria-hidden="true">
          {t('files.choose')}
        </label>
        <span id={`${id}-chosen`} className="file-picker__chosen">
          {files.length === 0 ? t('files.noneChosen') : t('files.chosen', { count: files.length })}
        </span>
      </div>
      {files.length > 0 ? (
        <ul className="file-list" aria-label={t('files.listLabel')}>
          {files.map(({ key, file }) => (
            <li key={key} className="file-list__item">
              <span className="file-list__name">{file.name}</span>
              <span className="file-list__size">{format.bytes(file.size)}</span>
              <button type="button" className="link-button" onClick={() => onChange(files.filter((f) => f.key !== key))}>
                {t('files.remove')}
                <span className="visually-hidden"> {file.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
