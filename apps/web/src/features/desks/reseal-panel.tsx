/**
 * My desks, after a rotation: "Re-seal N open cases to key version V", with a progress bar
 * (cases done of the total, batches sent) and the outcome in words. The work is reseal.ts's;
 * a run that stops or leaves cases behind can be started again and continues with what is left.
 */
import { ct } from '../../ui/console-t';
import { useTranslation } from 'react-i18next';
import { useId, useState } from 'react';
import { type DeskKeyVersion } from '../../api/desks';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { useFailure, useIdentity } from '../identity';
import { Refusal } from '../../data/refusal';
import { type ResealProgress, resealOpenCases } from './reseal';

const cases = (n: number) => ct('reseal.openCases', { count: n });

interface Outcome {
  readonly kind: 'ok' | 'error';
  readonly text: string;
  readonly reasons: readonly { readonly reason: string; readonly cases: number }[];
}

export function ResealPanel(props: {
  readonly deskId: string;
  readonly deskName: string;
  /** The signed-in lead (whose rollback memory of the desk is checked). */
  readonly me: string;
  /** The current certified version and its chain. */
  readonly target: { readonly version: number; readonly chain: readonly unknown[] };
  readonly keys: readonly DeskKeyVersion[];
  /** Open cases still sealed only to older versions, as the api counted them when the desk was loaded. */
  readonly total: number;
  readonly disabled: boolean;
  /** Makes sure the session holds a fresh step-up (the batch route needs one). */
  readonly stepUp: () => Promise<void>;
  /** Called after a run (finished or stopped), to load the desk again. */
  readonly onFinished: () => Promise<void>;
}) {
  const { deskId, deskName, target, keys, total } = props;
  const id = useId();
  const { t } = useTranslation('console');
  const failure = useFailure();
  const { unlocked } = useIdentity();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<ResealProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const allSealed = <p className="field__hint">{t('reseal.allSealed', { version: target.version })}</p>;
  if (total === 0 && !running && !outcome) return target.version > 1 ? allSealed : null;

  async function run() {
    const root = ROOT_PUBLIC_KEY;
    if (!root || !unlocked) return;
    setRunning(true);
    setOutcome(null);
    setProgress({ total, done: 0, failed: 0, batches: 0 });
    let last: ResealProgress = { total, done: 0, failed: 0, batches: 0 };
    try {
      await props.stepUp();
      const summary = await resealOpenCases({
        root,
        me: unlocked.userId,
        deskId,
        target,
        keys,
        beforeBatch: props.stepUp,
        onProgress: (p) => {
          last = p;
          setProgress(p);
        },
      });
      const text =
        summary.failed === 0
          ? t('reseal.done', { cases: cases(summary.done), desk: deskName, version: target.version })
          : t('reseal.partly', { done: summary.done, cases: cases(summary.done + summary.failed), version: target.version, failed: summary.failed });
      setOutcome({ kind: summary.failed === 0 ? 'ok' : 'error', text, reasons: summary.reasons });
    } catch (e) {
      const why = e instanceof Refusal ? e.message : failure(e);
      setOutcome({
        kind: 'error',
        text: t('reseal.stopped', { done: last.done, cases: cases(last.total), why }),
        reasons: [],
      });
    } finally {
      setRunning(false);
      await props.onFinished().catch(() => undefined);
    }
  }

  return (
    <div className="panel panel--inner" role="group" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('reseal.title')}</h4>
      {total > 0 && (
        <>
          <p>
            {t('reseal.intro', { count: total, cases: cases(total), version: target.version })}
          </p>
          <button type="button" className="button" onClick={() => void run()} disabled={props.disabled || running || !ROOT_PUBLIC_KEY}>
            {t('reseal.button', { cases: cases(total), version: target.version })}
          </button>
        </>
      )}
      {progress && running && (
        <div role="status">
          <p id={`${id}-progress`}>
            {t('reseal.progress', { version: target.version, done: progress.done, cases: cases(progress.total) })}
            {progress.failed > 0 ? t('reseal.progressFailed', { failed: progress.failed }) : ''}
            {t('reseal.batches', { count: progress.batches })}
          </p>
          <progress className="progress-wide" aria-labelledby={`${id}-progress`} max={Math.max(progress.total, 1)} value={progress.done + progress.failed} />
        </div>
      )}
      {total === 0 && !running && allSealed}
      {outcome && (
        <div className={outcome.kind === 'ok' ? 'message message--ok' : 'message message--error'} role={outcome.kind === 'ok' ? 'status' : 'alert'}>
          <p>{outcome.text}</p>
          {outcome.reasons.length > 0 && (
            <ul aria-label={t('reseal.notResealed')}>
              {outcome.reasons.map((r) => (
                <li key={r.reason}>
                  {t('reseal.reason', { count: r.cases, reason: r.reason })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
