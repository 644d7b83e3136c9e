/**
 * Choosing files to send: a file input shown as a button (the input itself stays the control
 * that the keyboard and screen readers reach, its focus drawn on the button), the list of what was chosen with sizes and a remove
 * button each, and the limits said before anything is encrypted. The files stay on the device
 * until they are sent; each is then read, encrypted and uploaded piece by piece.
 */
import { useId, useState } from 'react';

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

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

let nextKey = 0;

/** What the portal says of files before a requester chooses them. */
const REQUESTER_HINT = `Optional. Photos, documents or recordings, up to ${FILES_PER_SUBMISSION} files of at most 2 GB each. They are encrypted in this browser before they are sent. Files can reveal where and when they were made (for example the location in a photo): remove that first if it could put you at risk.`;

export function FilePicker({
  files,
  onChange,
  label,
  hint = REQUESTER_HINT,
}: {
  files: readonly ChosenFile[];
  onChange: (files: readonly ChosenFile[]) => void;
  label: string;
  hint?: string;
}) {
  const id = useId();
  const [refused, setRefused] = useState<string[]>([]);

  const add = (list: FileList | null) => {
    if (!list) return;
    const problems: string[] = [];
    const added: ChosenFile[] = [];
    for (const file of Array.from(list)) {
      if (files.length + added.length >= FILES_PER_SUBMISSION) {
        problems.push(`${file.name}: you can send at most ${FILES_PER_SUBMISSION} files at a time.`);
      } else if (file.size > FILE_MAX_BYTES) {
        problems.push(`${file.name}: this file is larger than 2 GB.`);
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
        {hint}
      </p>
      {refused.length > 0 ? (
        <ul className="field__error" role="alert">
          {refused.map((problem) => (
            <li key={problem}>{problem}</li>
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
          Choose files
        </label>
        <span id={`${id}-chosen`} className="file-picker__chosen">
          {files.length === 0 ? 'No files chosen' : files.length === 1 ? '1 file chosen' : `${files.length} files chosen`}
        </span>
      </div>
      {files.length > 0 ? (
        <ul className="file-list" aria-label="Files to send">
          {files.map(({ key, file }) => (
            <li key={key} className="file-list__item">
              <span className="file-list__name">{file.name}</span>
              <span className="file-list__size">{formatSize(file.size)}</span>
              <button type="button" className="link-button" onClick={() => onChange(files.filter((f) => f.key !== key))}>
                Remove<span className="visually-hidden"> {file.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
