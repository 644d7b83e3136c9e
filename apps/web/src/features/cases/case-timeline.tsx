/**
 * The notes and messages of a case, oldest first, each with its author as verified in the
 * worker (a staff member's name only once their signature verified against their certified
 * key; "the requester" against the case's requester key), and the forms that write a note
 * (staff only) or a message (the requester reads it). Records that fail verification are
 * listed as refused, their content never shown.
 */
import { type FormEvent, useId, useState } from 'react';
import { formatTime } from '../../ui/format-time';
import { type TimelineEntry } from './case-opening';

/** Longest note or message, in characters: with escapes and UTF-8 it stays under the record limit. */
export const RECORD_TEXT_MAX = 10_000;

function titleOf(entry: TimelineEntry): string {
  const who = entry.author.kind === 'requester' ? 'the requester' : entry.author.name;
  if (entry.kind === 'note') return who ? `Note by ${who}` : 'Note';
  if (entry.author.kind === 'requester') return 'Message from the requester';
  return who ? `Message from ${who} to the requester` : 'Message to the requester';
}

export function CaseTimeline({ entries }: { entries: readonly TimelineEntry[] }) {
  if (entries.length === 0) return <p className="message">No notes or messages yet.</p>;
  return (
    <ol className="timeline" aria-label="Notes and messages">
      {entries.map((entry) => (
        <TimelineItem key={entry.id} entry={entry} />
      ))}
    </ol>
  );
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const id = useId();
  const refused = entry.content.state === 'refused';
  const unreadable = entry.content.state === 'unreadable';
  return (
    <li className={`timeline__entry timeline__entry--${entry.kind}${refused ? ' timeline__entry--refused' : ''}`} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="timeline__title">
        {titleOf(entry)}
      </h3>
      <p className="timeline__meta">
        <time dateTime={entry.createdAt}>{formatTime(entry.createdAt)}</time>
        {entry.kind === 'note' && <span className="badge">Staff only</span>}
        {entry.content.state === 'text' && entry.content.legacy && <span className="badge">Written before staff-only keys</span>}
        {refused && <span className="badge badge--bad">Refused</span>}
        {unreadable && <span className="badge">Not readable here</span>}
        {!refused && !unreadable && <span className="badge badge--ok">Signature verified</span>}
      </p>
      {entry.content.state === 'text' && <p className="timeline__text">{entry.content.text}</p>}
      {entry.content.state === 'text' && entry.content.legacy && (
        <p className="field__hint">This note was written before notes had a key of their own: it is under the case key, which the requester holds too.</p>
      )}
      {entry.content.state === 'unreadable' && <p className="field__hint">Not shown: {entry.content.reason}.</p>}
      {entry.content.state === 'refused' && (
        <p className="refusal">
          Not shown: {entry.content.reason}. {entry.author.kind === 'staff' ? 'Its author could not be confirmed.' : ''}
        </p>
      )}
    </li>
  );
}

/** A note or message form; `onSend` encrypts in the worker and posts it, and throws a message for the person on failure. */
export function RecordComposer({ kind, disabled, onSend }: { kind: 'note' | 'message'; disabled: boolean; onSend: (text: string) => Promise<boolean> }) {
  const id = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = kind === 'note' ? 'New note' : 'New message to the requester';
  const hint = kind === 'note' ? 'Only staff who work this case can read notes. The requester never sees them.' : 'The requester reads this when they sign in with their receipt code.';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (text.trim().length === 0) {
      setError(kind === 'note' ? 'Write the note first.' : 'Write the message first.');
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

  return (
    <form className="form composer" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-label`}>
      <div className="field">
        <label id={`${id}-label`} htmlFor={`${id}-text`}>
          {label}
        </label>
        <p className="field__hint" id={`${id}-hint`}>
          {hint} It is encrypted and signed in this browser.
        </p>
        <textarea
          id={`${id}-text`}
          className="composer__text"
          rows={4}
          maxLength={RECORD_TEXT_MAX}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={error !== null}
          disabled={disabled}
        />
      </div>
      {error && (
        <p id={`${id}-error`} className="message message--error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button" disabled={disabled || busy}>
        {busy ? 'Sending…' : kind === 'note' ? 'Add note' : 'Send message'}
      </button>
    </form>
  );
}
