/**
 * The grantee's reports on the grant page: the short text and the receipts and photos, decrypted
 * and verified in the crypto worker under the grant key; the caseworker accepts a report or asks
 * for more (the api moves the grant to `reported` once it is paid and a report is accepted).
 */
import { formatDate } from '../../ui/format-time';
import { useTranslation } from 'react-i18next';
import { type QueryKey } from '@tanstack/react-query';
import { proxy } from 'comlink';
import { useEffect, useId, useRef, useState } from 'react';
import { type GrantView } from '@ashar/domain';
import { type GrantReportView, decideReport } from '../../api/grants';
import { cryptoWorker, workerErrorCode } from '../../crypto/crypto-client';
import { type GrantFileMetaReading } from '../../crypto/grant-worker-api';
import { usePageAction } from '../../data/use-page-action';
import { formatTime } from '../../ui/format-time';
import { StatusMessages } from '../../ui/status-messages';
import { describeError } from '../identity';
import { REPORT_STATUS_LABELS } from './grant-labels';
import { type GrantReading } from './grant-opening';
import { refusalReason } from './grant-words';

export function GrantReports({ view, reading, mayDecide, refresh }: { view: GrantView; reading: GrantReading; mayDecide: boolean; refresh: QueryKey[] }) {
  const id = useId();
  const { t } = useTranslation('console');
  const action = usePageAction();
  return (
    <section className="panel" aria-labelledby={`${id}-reports`}>
      <h2 id={`${id}-reports`}>{t('reports.title')}</h2>
      {view.reportDueOn && <p>{t('reports.dueOn', { date: formatDate(view.reportDueOn) })}</p>}
      <StatusMessages busy={action.busy} message={action.message} />
      {view.reports.length === 0 ? (
        <p className="field__hint">{t('reports.none')}</p>
      ) : (
        <ul className="timeline" aria-label={t('reports.title')}>
          {view.reports.map((report, i) => {
            const read = reading.reports.find((r) => r.id === report.id) ?? null;
            const body = read?.state === 'verified' ? read.body : null;
            const text = typeof body === 'object' && body !== null && typeof (body as { text?: unknown }).text === 'string' ? (body as { text: string }).text : null;
            return (
              <li key={report.id} className="timeline__entry" aria-label={t('reports.report', { number: i + 1 })}>
                <p className="timeline__title">
                  {t(report.author === 'requester' ? 'reports.fromRequester' : 'reports.fromStaff', { number: i + 1 })} ·{' '}
                  <span className="badge badge--pending">{REPORT_STATUS_LABELS[report.status]}</span>
                </p>
                <p className="timeline__meta">{t('reports.sent', { when: formatTime(report.submittedAt) })}</p>
                {report.ciphertext === null && <p className="field__hint">{t('reports.shredded')}</p>}
                {!reading.keyOpen && <p className="field__hint">{t('reports.noKey')}</p>}
                {read?.state === 'refused' && (
                  <p className="refusal" role="alert">
                    <span className="badge badge--bad">{t('casePage.refused')}</span> {t('reports.refused', { reason: refusalReason(read.code) })}
                  </p>
                )}
                {text !== null && (
                  <>
                    <p className="timeline__text">{text}</p>
                    <p className="field__hint">
                      <span className="badge badge--ok">{t('casePage.signatureVerified')}</span> {t('reports.decrypted')}
                    </p>
                  </>
                )}
                {report.files.length > 0 && (
                  <ul className="case-files" aria-label={t('reports.files', { number: i + 1 })}>
                    {report.files.map((file) => (
                      <ReportFile key={file.id} grantId={view.id} file={file} meta={reading.files.find((f) => f.fileId === file.id) ?? null} />
                    ))}
                  </ul>
                )}
                {mayDecide && report.status === 'submitted' && (
                  <div className="actions">
                    <button
                      type="button"
                      className="button"
                      disabled={action.busy}
                      onClick={() =>
                        void action.run(async () => {
                          await decideReport(view.id, report.id, { decision: 'accept' });
                          return t('reports.accepted');
                        }, refresh)
                      }
                    >
                      {t('reports.accept')}
                    </button>
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={action.busy}
                      onClick={() =>
                        void action.run(async () => {
                          await decideReport(view.id, report.id, { decision: 'more' });
                          return t('reports.askedMore');
                        }, refresh)
                      }
                    >
                      {t('reports.askMore')}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

type Download = { state: 'idle' } | { state: 'running'; decrypted: number } | { state: 'done'; url: string; name: string } | { state: 'failed'; message: string };

function ReportFile({ grantId, file, meta }: { grantId: string; file: GrantReportView['files'][number]; meta: GrantFileMetaReading | null }) {
  const id = useId();
  const { t } = useTranslation('console');
  const [download, setDownload] = useState<Download>({ state: 'idle' });
  const urlRef = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    },
    [],
  );
  const verified = meta?.state === 'verified' ? meta : null;

  async function start() {
    if (!verified) return;
    setDownload({ state: 'running', decrypted: 0 });
    try {
      const blob = await cryptoWorker().downloadGrantFile(
        { grantId, fileId: file.id, meta: file.meta, header: file.header, wrappedKey: file.wrappedKey },
        // Progress comes on a port of its own: its last message may arrive after the Blob (case-files-panel.tsx).
        proxy((decrypted: number) => setDownload((current) => (current.state === 'running' ? { state: 'running', decrypted } : current))),
      );
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
      const url = URL.createObjectURL(blob);
      urlRef.current = url;
      setDownload({ state: 'done', url, name: verified.name });
      const link = document.createElement('a');
      link.href = url;
      link.download = verified.name;
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
    } catch (e) {
      const code = workerErrorCode(e);
      setDownload({ state: 'failed', message: code === null || code === 'download_failed' || code === 'file_size_mismatch' ? describeError(e) : t('files.notSaved', { reason: refusalReason(code) }) });
    }
  }

  return (
    <li className="case-files__item" aria-labelledby={`${id}-name`}>
      <span id={`${id}-name`} className="case-files__name">
        {verified ? verified.name : t('files.file')}
      </span>
      {!file.complete && <span className="field__hint"> {t('reports.uploadUnfinished')}</span>}
      {meta?.state === 'refused' && <p className="refusal">{t('reports.descriptionRefused', { reason: refusalReason(meta.code) })}</p>}
      {verified && file.complete && (
        <div className="actions actions--spaced">
          <button type="button" className="button button--secondary" onClick={() => void start()} disabled={download.state === 'running'}>
            {t('files.download', { name: verified.name })}
          </button>
          {download.state === 'running' && (
            <span className="field__hint" role="status">
              {t('reports.decrypting')}
            </span>
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
