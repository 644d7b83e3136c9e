/**
 * The optional subject line of a request (issue 16): a few words the requester gives so that the
 * team can tell cases apart. It is sealed under the case key in the worker (libs/crypto SPEC.md
 * §19: 1–120 characters, no control characters), so only the team can read it; this checks what
 * was typed before anything is sealed.
 */
import { SUBJECT_LINE_MAX_CHARS } from '@ashar/domain';
import { type Words, words } from './words';

export type CheckedSubject = { readonly ok: true; readonly subject: string | null } | { readonly ok: false; readonly problem: Words };

/**
 * What will be sealed: the text with control characters (a pasted tab or line break) made spaces
 * and the ends trimmed; null when nothing is left (no subject is sent). Too long is refused in words.
 */
export function checkSubject(typed: string): CheckedSubject {
  const subject = typed.replace(/\p{Cc}/gu, ' ').replace(/\p{Cs}/gu, '').trim();
  if (subject === '') return { ok: true, subject: null };
  const count = [...subject].length;
  if (count > SUBJECT_LINE_MAX_CHARS) return { ok: false, problem: words('problem.tooLong', { max: SUBJECT_LINE_MAX_CHARS, count }) };
  return { ok: true, subject };
}
