/**
 * My desks, after a rotation: "Re-seal N open cases to key version V", with a progress bar
 * (cases done of the total, batches sent) and the outcome in words. The work is reseal.ts's;
 * a run that stops or leaves cases behind can be started again and continues with what is left.
 */
import { useId, useState } from 'react';
import { type DeskKeyVersion } from '../../api/desks';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { useFailure, useIdentity } from '../identity';
import { Refusal } from '../../data/refusal';
import { type ResealProgress, resealOpenCases } from './reseal';

const cases = (n: number) => `${n} open case${n === 1 ? '' : 's'}`;

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
  const failure = useFailure();
  const { unlocked } = useIdentity();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<ResealProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const allSealed = <p className="field__hint">Every open case of this desk is sealed to key version {target.version}.</p>;
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
          ? `Re-sealed ${cases(summary.done)} of the ${deskName} desk to key version ${target.version}.`
          : `Re-sealed ${summary.done} of ${cases(summary.done + summary.failed)} to key version ${target.version}; ${summary.failed} could not be re-sealed (below). Running it again retries them.`;
      setOutcome({ kind: summary.failed === 0 ? 'ok' : 'error', text, reasons: summary.reasons });
    } catch (e) {
      const why = e instanceof Refusal ? e.message : failure(e);
      setOutcome({
        kind: 'error',
        text: `Re-sealing stopped after ${last.done} of ${cases(last.total)}: ${why} Running it again continues with the cases that are left.`,
        reasons: [],
      });
    } finally {
      setRunning(false);
      await props.onFinished().catch(() => undefined);
    }
  }

  return (
    <div className="panel panel--inner" role="group" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>Open cases sealed to older key versions</h4>
      {total > 0 && (
        <>
          <p>
            {cases(total)} of this desk {total === 1 ? 'is' : 'are'} sealed only to older versions of its key, so members who hold only version {target.version} cannot
            open {total === 1 ? 'it' : 'them'}. Your browser opens each case key with the older version you hold and seals it to version {target.version}, signed by
            you; the server never sees a key. The older envelopes stay, so members who hold only an older version can still open these cases until they get version{' '}
            {target.version}.
          </p>
          <button type="button" className="button" onClick={() => void run()} disabled={props.disabled || running || !ROOT_PUBLIC_KEY}>
            Re-seal {cases(total)} to key version {target.version}
          </button>
        </>
      )}
      {progress && running && (
        <div role="status">
          <p id={`${id}-progress`}>
            Re-sealing to key version {target.version}: {progress.done} of {cases(progress.total)} done
            {progress.failed > 0 ? `, ${progress.failed} could not be re-sealed` : ''}; {progress.batches} {progress.batches === 1 ? 'batch' : 'batches'} sent.
          </p>
          <progress className="progress-wide" aria-labelledby={`${id}-progress`} max={Math.max(progress.total, 1)} value={progress.done + progress.failed} />
        </div>
      )}
      {total === 0 && !running && allSealed}
      {outcome && (
        <div className={outcome.kind === 'ok' ? 'message message--ok' : 'message message--error'} role={outcome.kind === 'ok' ? 'status' : 'alert'}>
          <p>{outcome.text}</p>
          {outcome.reasons.length > 0 && (
            <ul aria-label="Cases not re-sealed">
              {outcome.reasons.map((r) => (
                <li key={r.reason}>
                  {r.cases} {r.cases === 1 ? 'case' : 'cases'}: {r.reason}.
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
