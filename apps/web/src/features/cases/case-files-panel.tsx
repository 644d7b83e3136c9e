/**
 * The files of a case (docs/files-api.md): names, types and sizes decrypted in the worker from
 * their `file-meta`, and "Download": the worker fetches the ciphertext, decrypts it chunk by
 * chunk as it arrives (progress shown), checks the final chunk and the size, and hands back a
 * Blob the browser saves. The file is never rendered in the page.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { proxy } from 'comlink';
import { type CaseFileView } from '@ashar/domain';
import { caseFiles } from '../../api/cases';
import { cryptoWorker, workerErrorCode } from '../../crypto/crypto-client';
import { type FileMetaReading } from '../../crypto/worker-api';
import { describeError } from '../identity';
import { formatTime } from '../../ui/format-time';
import { formatBytes } from './case-labels';
import { caseQueryKeys } from './case-queries';
import { refusalReason } from './case-opening';

interface Listed {
  readonly file: CaseFileView;
  readonly meta: FileMetaReading | null;
}

const KIND_LABELS: Readonly<Record<CaseFileView['recordKind'], string>> = {
  request: 'With the request',
  message: 'With a message (the requester sees it)',
  note: 'With a note (staff only)',
};

/** Listed again when anything under caseQueryKeys.files(caseId) is invalidated (a file sent, a record written). */
export function CaseFilesPanel({ caseId, keyOpen }: { caseId: string; keyOpen: boolean }) {
  const listed = useQuery({
    queryKey: [...caseQueryKeys.files(caseId), keyOpen],
    queryFn: async (): Promise<Listed[]> => {
      const found = await caseFiles(caseId);
      if (!keyOpen) return found.map((file) => ({ file, meta: null }));
      const metas = await cryptoWorker().readFileMeta(
        caseId,
        found.map((f) => ({ fileId: f.fileId, meta: f.meta, recordKind: f.recordKind, epoch: f.epoch, format: f.format })),
      );
      return found.map((file) => ({ file, meta: metas.find((m) => m.fileId === file.fileId) ?? null }));
    },
  });
  const files = listed.data ?? null;
  const problem = listed.isError ? describeError(listed.error) : null;

  if (problem) {
    return (
      <p className="message message--error" role="alert">
        The files could not be listed: {problem}
      </p>
    );
  }
  if (files === null) return <p className="message">Loading files…</p>;
  if (files.length === 0) return <p className="message">No files.</p>;
  return (
    <>
      <ul className="case-files" aria-label="Files">
        {files.map((listed) => (
          <FileItem key={listed.file.fileId} caseId={caseId} listed={listed} />
        ))}
      </ul>
      <p className="field__hint">
        Names and sizes are decrypted in this browser, and a file opens only as what it goes with (a note’s files are under the case’s staff-only key). When it was added is what the server
        reports: files are not signed by who added them.
      </p>
    </>
  );
}

type Download = { state: 'idle' } | { state: 'running'; decrypted: number } | { state: 'done'; url: string; name: string } | { state: 'failed'; message: string };

function FileItem({ caseId, listed }: { caseId: string; listed: Listed }) {
  const id = useId();
  const { file, meta } = listed;
  const [download, setDownload] = useState<Download>({ state: 'idle' });
  const urlRef = useRef<string | null>(null);

  // The object URL lives as long as this line of the list.
  useEffect(
    () => () => {
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    },
    [],
  );

  const verified = meta?.state === 'verified' ? meta : null;
  const name = verified ? verified.name : 'File';

  async function start() {
    if (!verified) return;
    setDownload({ state: 'running', decrypted: 0 });
    try {
      const blob = await cryptoWorker().downloadCaseFile(
        { caseId, fileId: file.fileId, header: file.header, wrappedKey: file.wrappedKey, meta: file.meta, recordKind: file.recordKind, epoch: file.epoch, format: file.format },
        proxy((decrypted: number) => setDownload({ state: 'running', decrypted })),
      );
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
      const url = URL.createObjectURL(blob);
      urlRef.current = url;
      setDownload({ state: 'done', url, name: verified.name });
      save(url, verified.name);
    } catch (e) {
      const code = workerErrorCode(e);
      const reason = code === null || code === 'download_failed' || code === 'file_size_mismatch' ? describeError(e) : `It was not saved: ${refusalReason(code)}.`;
      setDownload({ state: 'failed', message: reason });
    }
  }

  return (
    <li className="case-files__item" aria-labelledby={`${id}-name`}>
      <div className="case-files__head">
        <span id={`${id}-name`} className="case-files__name">
          {name}
        </span>
        {verified && <span className="field__hint">{formatBytes(verified.size)}</span>}
        <span className="field__hint">
          {KIND_LABELS[file.recordKind]} · added {formatTime(file.createdAt)}
        </span>
        {verified?.legacy && <span className="field__hint">Stored before files were bound to what they go with: that is the server’s word.</span>}
      </div>
      {meta?.state === 'refused' && <p className="refusal">Its description does not open: {refusalReason(meta.code)}. It cannot be downloaded.</p>}
      {meta === null && <p className="field__hint">The case key is not open in this browser, so this file cannot be read.</p>}
      {!file.complete && <p className="field__hint">The upload has not finished ({file.receivedChunks} of {file.chunkCount} parts).</p>}
      {verified && file.complete && (
        <div className="actions actions--spaced">
          <button type="button" className="button button--secondary" onClick={() => void start()} disabled={download.state === 'running'} aria-describedby={`${id}-name`}>
            Download {verified.name}
          </button>
          {download.state === 'running' && (
            <>
              <label htmlFor={`${id}-progress`} className="visually-hidden">
                Decrypting {verified.name}
              </label>
              <progress id={`${id}-progress`} max={Math.max(verified.size, 1)} value={download.decrypted} />
              <span className="field__hint" role="status">
                Decrypting… {formatBytes(download.decrypted)} of {formatBytes(verified.size)}
              </span>
            </>
          )}
          {download.state === 'done' && (
            <span className="status-line" role="status">
              <span className="badge badge--ok">Decrypted and verified</span>{' '}
              <a href={download.url} download={download.name}>
                Save {download.name} again
              </a>
            </span>
          )}
        </div>
      )}
      {download.state === 'failed' && (
        <p className="message message--error" role="alert">
          {download.message}
        </p>
      )}
    </li>
  );
}

/** Hands the decrypted Blob to the browser's download, as a link with `download` would. */
function save(url: string, name: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
