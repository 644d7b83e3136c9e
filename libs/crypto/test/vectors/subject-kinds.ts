/**
 * Vector kinds and reject operations of SPEC.md §19 (issue 16): the requester's subject line sealed under the case key.
 * Positive: `case-subject` (sealSubject, with its nonce draw) and `case-subject-raw` (an exact
 * 512-byte plaintext under the same AEAD, to pin plaintexts a writer must never make); reject:
 * op `case-subject-open` (every way a reader refuses one) and `case-subject-seal` (subjects a
 * writer refuses). Kept beside positive-kinds.ts and reject-ops.ts, which
 * spread them in; the vectors themselves are built by build-subject-vectors.ts.
 */
import { aeadDecrypt, aeadEncrypt } from '../../src/aead';
import { type CaseKey, brandAs } from '../../src/brands';
import { openSubject, sealSubject } from '../../src/case-subject';
import { type PositiveKind } from './positive-kinds';
import { type RejectOp } from './reject-ops';
import { b64, bytes, str } from './vector-io';

export const SUBJECT_KINDS: Record<string, PositiveKind> = {
  'case-subject': {
    compute: (inputs) => ({ ciphertext: sealSubject(brandAs<CaseKey>(bytes(inputs, 'caseKey')), str(inputs, 'caseId'), str(inputs, 'subject')) }),
    verify: (inputs, expected) => {
      const opened = openSubject(brandAs<CaseKey>(bytes(inputs, 'caseKey')), str(inputs, 'caseId'), str(expected, 'ciphertext'));
      if (opened !== str(inputs, 'subject')) throw new Error('subject differs');
    },
  },
  'case-subject-raw': {
    compute: (inputs) => ({ ciphertext: aeadEncrypt(brandAs<CaseKey>(bytes(inputs, 'caseKey')), { purpose: 'case-subject', caseId: str(inputs, 'caseId') }, bytes(inputs, 'plaintext')) }),
    verify: (inputs, expected) => {
      const opened = aeadDecrypt(brandAs<CaseKey>(bytes(inputs, 'caseKey')), { purpose: 'case-subject', caseId: str(inputs, 'caseId') }, str(expected, 'ciphertext'));
      if (b64(opened) !== str(inputs, 'plaintext')) throw new Error('plaintext differs');
    },
  },
};

export const SUBJECT_OPS: Record<string, RejectOp> = {
  'case-subject-open': (args) => openSubject(brandAs<CaseKey>(bytes(args, 'caseKey')), str(args, 'caseId'), str(args, 'ciphertext')),
  'case-subject-seal': (args) => sealSubject(brandAs<CaseKey>(bytes(args, 'caseKey')), str(args, 'caseId'), str(args, 'subject')),
};

