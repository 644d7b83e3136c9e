/**
 * The vectors of SPEC.md §19 (the requester's subject line; kinds and ops in subject-kinds.ts).
 * build-vectors.ts and build-reject-vectors.ts call these.
 */
import { concatBytes, fromBase64Url, utf8 } from '../../src/encoding';
import { type Vector } from '../vector-runner';
import { positive } from './build-vectors';
import { type JsonObject, b64, namedSeed, str } from './vector-io';

const CASE = 'case-0001';

/** `x ‖ 0x80 ‖ 0x00…` to exactly 512 bytes (sodium_pad(x, 512) for |x| ≤ 511). */
function pad512(x: Uint8Array): Uint8Array {
  const out = new Uint8Array(512);
  out.set(x);
  out[x.length] = 0x80;
  return out;
}

export function subjectVectors(): Vector[] {
  const caseKey = namedSeed('case-key');
  const raw = (id: string, description: string, plaintext: Uint8Array) => positive(id, 'case-subject-raw', description, { caseKey, caseId: CASE, plaintext: b64(plaintext) });
  return [
    positive('case-subject', 'case-subject', 'a requester’s subject line under the case key, padded to 512 bytes (§19)', { caseKey, caseId: CASE, subject: 'Brother detained in Almaty — need a lawyer' }),
    positive('case-subject-longest', 'case-subject', 'a subject of 120 four-byte characters: 480 bytes, still 512 padded (§19)', { caseKey, caseId: CASE, subject: '𝔸'.repeat(120) }),
    raw('case-subject-raw-unpadded', 'a 512-byte plaintext without padding (no 0x80 marker), under the case-subject AEAD', new Uint8Array(512)),
    raw('case-subject-raw-121', '121 characters, padded: longer than a subject may be', pad512(utf8('x'.repeat(121)))),
    raw('case-subject-raw-control', 'a subject with a line feed, padded', pad512(utf8('line\nbreak'))),
    raw('case-subject-raw-bad-utf8', 'bytes that are not UTF-8 (a lone continuation byte), padded', pad512(concatBytes(utf8('ok'), new Uint8Array([0x80]), utf8('x')))),
    raw('case-subject-raw-empty', 'an empty subject, padded', pad512(new Uint8Array(0))),
  ];
}

type Add = (id: string, op: string, description: string, inputs: JsonObject, expectedError: string) => Promise<void>;

function find(vectors: readonly Vector[], id: string): Vector & { expected: JsonObject } {
  const vector = vectors.find((candidate) => candidate.id === id);
  if (!vector?.expected) throw new Error(`no positive vector ${id}`);
  return vector as Vector & { expected: JsonObject };
}

/** Flips the lowest bit of the last byte of the ciphertext field. */
function flipLast(a1: string): string {
  const parts = a1.split('.');
  const raw = fromBase64Url(parts[3] ?? '', 'flip').slice();
  raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
  parts[3] = b64(raw);
  return parts.join('.');
}

export async function subjectRejects(vectors: readonly Vector[], add: Add): Promise<void> {
  const caseKey = namedSeed('case-key');
  const sealed = str(find(vectors, 'case-subject').expected, 'ciphertext');
  const open = { caseKey, caseId: CASE, ciphertext: sealed };
  await add('subject-other-key', 'case-subject-open', 'a subject opened with another key', { ...open, caseKey: namedSeed('staff-key') }, 'wrong_key');
  await add('subject-other-case', 'case-subject-open', 'a subject moved to another case', { ...open, caseId: 'case-0002' }, 'wrong_ad');
  await add('subject-tampered', 'case-subject-open', 'the ciphertext’s last byte altered', { ...open, ciphertext: flipLast(sealed) }, 'tampered');
  const record = str(find(vectors, 'record-note-staff-key').expected, 'ciphertext');
  await add('subject-is-record', 'case-subject-open', 'a case record presented as a subject (a length the purpose does not allow)', { ...open, ciphertext: record }, 'bad_length');
  await add('subject-bad-prefix', 'case-subject-open', 'a subject with another version prefix', { ...open, ciphertext: `a2${sealed.slice(2)}` }, 'bad_prefix');
  for (const [id, description] of [
    ['case-subject-raw-unpadded', 'no padding marker'],
    ['case-subject-raw-121', 'more than 120 characters'],
    ['case-subject-raw-control', 'a control character'],
    ['case-subject-raw-bad-utf8', 'invalid UTF-8'],
    ['case-subject-raw-empty', 'an empty subject'],
  ] as const) {
    await add(id.replace('case-subject-raw', 'subject'), 'case-subject-open', `a well-sealed plaintext with ${description}`, { ...open, ciphertext: str(find(vectors, id).expected, 'ciphertext') }, 'malformed_plaintext');
  }
  await add('subject-seal-too-long', 'case-subject-seal', 'a writer refuses 121 characters', { caseKey, caseId: CASE, subject: 'x'.repeat(121) }, 'invalid_input');
  await add('subject-seal-control', 'case-subject-seal', 'a writer refuses a control character', { caseKey, caseId: CASE, subject: 'tab\there' }, 'invalid_input');
  await add('subject-seal-empty', 'case-subject-seal', 'a writer refuses an empty subject', { caseKey, caseId: CASE, subject: '' }, 'invalid_input');
}
