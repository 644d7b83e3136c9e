/**
 * The notes and messages of a case, oldest first, each with its author as verified in the
 * worker (a staff member's name only once their signature verified against their certified
 * key; "the requester" against the case's requester key), and the forms that write a note
 * (staff only) or a message (the requester reads it). Records that fail verification are
 * listed as refused, their content never shown.
 *
 * A note and a message must never be mistaken for one another (issue 16): in the timeline each
 * says who can read it and has its own colour; the two composers are separate panels, each with
 * its own heading, colour, statement of who will read it and button wording.
 */
import { ct } from '../../ui/console-t';
import { useTranslation } from 'react-i18next';
import { type FormEvent, useId, useState } from 'react';
import { formatTime } from '../../ui/format-time';
import { type TimelineEntry } from './case-opening';

/** Longest note or message, in characters: with escapes and UTF-8 it stays under the record limit. */
export const RECORD_TEXT_MAX = 10_000;

function titleOf(entry: TimelineEntry): string {
  if (entry.author.kind === 'requester') return entry.kind === 'note' ? ct('timeline.noteByRequester') : ct('timeline.messageFromRequester');
  const who = entry.author.name;
  if (entry.kind === 'note') return who ? ct('timeline.noteBy', { name: who }) : ct('timeline.note');
  return who ? ct('timeline.messageFrom', { name: who }) : ct('timeline.messageToRequester');
}

export function CaseTimeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const { t } = useTranslation('console');
  if (entries.length === 0) return <p className="message">{t('timeline.empty')}</p>;
  return (
    <ol className="timeline" aria-label={t('casePage.timeline')}>
      {entries.map((entry) => (
        <TimelineItem key={entry.id} entry={entry} />
      ))}
    </ol>
  );
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const id = useId();
  const { t } = useTranslation('console');
  const refused = entry.content.state === 'refused';
  const unreadable = entry.content.state === 'unreadable';
  const fromRequester = entry.kind === 'message' && entry.author.kind === 'requester';
  const modifier = entry.kind === 'note' ? 'note' : fromRequester ? 'from-requester' : 'message';
  return (
    <li className={`timeline__entry timeline__entry--${modifier}${refused ? ' timeline__entry--refused' : ''}`} aria-labelledby={`${id}-title`}>
      <p className={`timeline__kind timeline__kind--${modifier}`}>{entry.kind === 'note' ? t('timeline.kindNote') : fromRequester ? t('timeline.kindFromRequester') : t('timeline.kindMessage')}</p>
      <h3 id={`${id}-title`} className="timeline__title">
        {titleOf(entry)}
      </h3>
      <p className="timeline__meta">
        <time dateTime={entry.createdAt}>{formatTime(entry.createdAt)}</time>
        {entry.content.state === 'text' && entry.content.legacy && <span className="badge">{t('timeline.legacyBadge')}</span>}
        {refused && <span className="badge badge--bad">{t('casePage.refused')}</span>}
        {unreadable && <span className="badge">{t('timeline.unreadable')}</span>}
        {!refused && !unreadable && <span className="badge badge--ok">{t('casePage.signatureVerified')}</span>}
      </p>
      {entry.content.state === 'text' && <p className="timeline__text">{entry.content.text}</p>}
      {entry.content.state === 'text' && entry.content.legacy && (
        <p className="field__hint">{t('timeline.legacy')}</p>
      )}
      {entry.content.state === 'unreadable' && <p className="field__hint">{t('timeline.notShown', { reason: entry.content.reason })}</p>}
      {entry.content.state === 'refused' && (
        <p className="refusal">
          {t('timeline.notShown', { reason: entry.content.reason })} {entry.author.kind === 'staff' ? t('timeline.authorUnconfirmed') : ''}
        </p>
      )}
    </li>
  );
}

/**
 * A note or message form; `onSend` encrypts in the worker and posts it, and throws a message for
 * the person on failure. Each kind is its own panel: a message (blue, "Send to the requester")
 * says the requester will read it; a note (amber, dashed, "Save internal note") says only staff
 * will. The statement of who reads it is part of the text box's description.
 */
export function RecordComposer({ kind, disabled, onSend }: { kind: 'note' | 'message'; disabled: boolean; onSend: (text: string) => Promise<boolean> }) {
  const id = useId();
  const { t } = useTranslation('console');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const note = kind === 'note';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (text.trim().length === 0) {
      setError(note ? t('timeline.writeNote') : t('timeline.writeMessage'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (await onSend(text)) setText('');
    } finally {
      setBusy(false);
    }
  }

  const described = [`${id}-audience`, `${id}-hint`, ...(error ? [`${id}-error`] : [])].join(' ');
  return (
    // A group, not a region: the page's landmarks stay the case's own sections.
    <div role="group" className={`composer composer--${kind}`} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="composer__heading">
        {note ? t('timeline.noteHeading') : t('timeline.messageHeading')}
      </h3>
      <p id={`${id}-audience`} className="composer__audience">
        <strong>{note ? t('timeline.noteAudience') : t('timeline.messageAudience')}</strong>
      </p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-text`}>{note ? t('timeline.newNote') : t('timeline.newMessage')}</label>
          <p className="field__hint" id={`${id}-hint`}>
            {note ? t('timeline.noteHint') : t('timeline.messageHint')} {t('timeline.encrypted')}
          </p>
          <textarea
            id={`${id}-text`}
            className="composer__text"
            rows={4}
            maxLength={RECORD_TEXT_MAX}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={described}
            aria-invalid={error !== null}
            disabled={disabled}
          />
        </div>
        {error && (
          <p id={`${id}-error`} className="message message--error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className={`button composer__send composer__send--${kind}`} disabled={disabled || busy}>
          {busy ? (note ? t('timeline.saving') : t('timeline.sending')) : note ? t('timeline.addNote') : t('timeline.sendMessage')}
        </button>
      </form>
    </div>
  );
}
