/**
 * The files of a case (docs/files-api.md): names, types and sizes decrypted in the worker from
 * their `file-meta`, and "Download": the worker fetches the ciphertext, decrypts it chunk by
 * chunk as it arrives (progress shown), checks the final chunk and the size, and hands back a
 * Blob the browser saves. The file is never rendered in the page.
 */
import { translatedLabels } from '../../ui/console-t';
import { useTranslation } from 'react-i18next';
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

const KIND_LABELS: Readonly<Record<CaseFileView['recordKind'], string>> = translatedLabels('files.kind', ['request', 'message', 'note']);

/** Listed again when anything under caseQueryKeys.files(caseId) is invalidated (a file sent, a record written). */
export function CaseFilesPanel({ caseId, keyOpen }: { caseId: string; keyOpen: boolean }) {
  const { t } = useTranslation('console');
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
        {t('files.listFailed', { problem })}
      </p>
    );
  }
  if (files === null) return <p className="message">{t('files.loading')}</p>;
  if (files.length === 0) return <p className="message">{t('files.none')}</p>;
  return (
    <>
      <ul className="case-files" aria-label={t('casePage.files')}>
        {files.map((listed) => (
          <FileItem key={listed.file.fileId} caseId={caseId} listed={listed} />
        ))}
      </ul>
      <p className="field__hint">
        {t('files.hint')}
      </p>
    </>
  );
}

type Download = { state: 'idle' } | { state: 'running'; decrypted: number } | { state: 'done'; url: string; name: string } | { state: 'failed'; message: string };

function FileItem({ caseId, listed }: { caseId: string; listed: Listed }) {
  const id = useId();
  const { t } = useTranslation('console');
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
  const name = verified ? verified.name : t('files.file');

  async function start() {
    if (!verified) return;
    setDownload({ state: 'running', decrypted: 0 });
    try {
      const blob = await cryptoWorker().downloadCaseFile(
        { caseId, fileId: file.fileId, header: file.header, wrappedKey: file.wrappedKey, meta: file.meta, recordKind: file.recordKind, epoch: file.epoch, format: file.format },
        // Progress comes on a port of its own: its last message may arrive after the Blob did, and
        // must then not turn "Decrypted and verified" back into "Decrypting…".
        proxy((decrypted: number) => setDownload((current) => (current.state === 'running' ? { state: 'running', decrypted } : current))),
      );
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
      const url = URL.createObjectURL(blob);
      urlRef.current = url;
      setDownload({ state: 'done', url, name: verified.name });
      save(url, verified.name);
    } catch (e) {
      const code = workerErrorCode(e);
      const reason = code === null || code === 'download_failed' || code === 'file_size_mismatch' ? describeError(e) : t('files.notSaved', { reason: refusalReason(code) });
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
          {t('files.kindAdded', { kind: KIND_LABELS[file.recordKind], when: formatTime(file.createdAt) })}
        </span>
        {verified?.legacy && <span className="field__hint">{t('files.legacy')}</span>}
      </div>
      {meta?.state === 'refused' && <p className="refusal">{t('files.descriptionRefused', { reason: refusalReason(meta.code) })}</p>}
      {meta === null && <p className="field__hint">{t('files.keyNotOpen')}</p>}
      {!file.complete && <p className="field__hint">{t('files.incomplete', { received: file.receivedChunks, count: file.chunkCount })}</p>}
      {verified && file.complete && (
        <div className="actions actions--spaced">
          <button type="button" className="button button--secondary" onClick={() => void start()} disabled={download.state === 'running'} aria-describedby={`${id}-name`}>
            {t('files.download', { name: verified.name })}
          </button>
          {download.state === 'running' && (
            <>
              <label htmlFor={`${id}-progress`} className="visually-hidden">
                {t('files.decryptingName', { name: verified.name })}
              </label>
              <progress id={`${id}-progress`} max={Math.max(verified.size, 1)} value={download.decrypted} />
              <span className="field__hint" role="status">
                {t('files.decrypting', { done: formatBytes(download.decrypted), total: formatBytes(verified.size) })}
              </span>
            </>
          )}
          {download.state === 'done' && (
            <span className="status-line" role="status">
              <span className="badge badge--ok">{t('files.decrypted')}</span>{' '}
              <a href={download.url} download={download.name}>
                {t('files.saveAgain', { name: download.name })}
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
