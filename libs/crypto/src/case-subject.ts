/**
 * The requester's short subject line (SPEC.md §19): at most 120 characters, sealed under the case
 * key with its own AD (`case-subject`, caseId) and padded to exactly 512 bytes, so that its
 * ciphertext is always 528 bytes and its length tells nothing.
 */
import { aeadDecrypt, aeadEncrypt, checkCiphertextFormat } from './aead';
import { type CaseKey, type Ciphertext } from './brands';
import { utf8, utf8Decode } from './encoding';
import { InvalidInputError, MalformedPlaintextError } from './errors';
import { lib } from './sodium';

/** Most characters (Unicode code points) of a subject line. */
export const SUBJECT_MAX_CHARS = 120;
/** Every subject plaintext is padded to exactly this many bytes (SPEC.md §19). */
export const SUBJECT_PADDED_BYTES = 512;
/** Length of a sealed subject line: `a1.` + 22 + `.` + 32 + `.` + 704 characters. */
export const SUBJECT_CIPHERTEXT_LENGTH = 763;

export type SubjectCiphertext = Ciphertext<'case-subject'>;

/** The rules of SPEC.md §19: 1–120 code points, none a control character (Unicode Cc). */
function subjectProblem(subject: string): string | null {
  const chars = [...subject];
  if (chars.length === 0) return 'is empty';
  if (chars.length > SUBJECT_MAX_CHARS) return `is longer than ${SUBJECT_MAX_CHARS} characters`;
  if (/\p{Cc}/u.test(subject)) return 'contains a control character';
  if (/\p{Cs}/u.test(subject)) return 'contains a lone surrogate';
  return null;
}

/**
 * Seals `subject` for case `caseId` under its case key (epoch 1, the key of the intake).
 * Throws InvalidInputError for a subject that breaks the rules, a bad key or id.
 */
export function sealSubject(caseKey: CaseKey, caseId: string, subject: string): SubjectCiphertext {
  const problem = subjectProblem(subject);
  if (problem) throw new InvalidInputError(`subject ${problem}`);
  const padded = lib().pad(utf8(subject), SUBJECT_PADDED_BYTES);
  if (padded.length !== SUBJECT_PADDED_BYTES) throw new InvalidInputError('subject does not fit its padded size');
  return aeadEncrypt(caseKey, { purpose: 'case-subject', caseId }, padded);
}

/**
 * Opens a sealed subject line of case `caseId`. Throws as aeadDecrypt (SPEC.md §4 steps 1-6), then
 * MalformedPlaintextError for bad padding, invalid UTF-8 or a subject that breaks the rules.
 */
export function openSubject(caseKey: CaseKey, caseId: string, text: SubjectCiphertext | string): string {
  const padded = aeadDecrypt(caseKey, { purpose: 'case-subject', caseId }, text);
  let bytes: Uint8Array;
  try {
    bytes = lib().unpad(padded, SUBJECT_PADDED_BYTES);
  } catch {
    throw new MalformedPlaintextError('a1 case-subject: invalid padding');
  }
  const subject = utf8Decode(bytes, 'a1 case-subject');
  const problem = subjectProblem(subject);
  if (problem) throw new MalformedPlaintextError(`a1 case-subject: the subject ${problem}`);
  return subject;
}

/** Checks, without a key, that `text` is a well-formed sealed subject line (what the server checks). */
export function checkSubjectFormat(text: unknown): void {
  checkCiphertextFormat('case-subject', text);
}
