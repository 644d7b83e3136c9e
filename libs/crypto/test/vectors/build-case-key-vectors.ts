/**
 * The vectors of SPEC.md §9.1–§9.3 (issue 13): positive ones for the case key check, the
 * staff-only key's envelope and binding, files of format 2 and a note under a staff-only key;
 * reject ones for every way a reader must refuse them. build-vectors.ts and
 * build-reject-vectors.ts call these.
 */
import { type Vector } from '../vector-runner';
import { positive } from './build-vectors';
import { type JsonObject, b64, identityFrom, namedSeed, obj, seedsFor, str } from './vector-io';

const CASE = 'case-0001';

export function caseKeyVectors(): Vector[] {
  const caseKey = namedSeed('case-key');
  const staffKey = namedSeed('staff-key');
  const meta = { name: 'assessment – note.pdf', type: 'application/pdf', size: 48213 };
  return [
    positive('case-key-check', 'case-key-check', 'a request record and the requester’s own envelope from intake, which a case key is checked against (§9.1)', {
      caseId: CASE,
      recordId: 'rec-request',
      requester: seedsFor('requester'),
      form: { type: 'legal', description: 'detained at the border' },
    }),
    positive('staff-key-envelope', 'staff-key-envelope', 'staff-only key of epoch 1 sealed to a desk and signed by a caseworker (§9.2)', {
      caseId: CASE,
      epoch: 1,
      recipient: seedsFor('desk'),
      sealer: seedsFor('staff'),
    }),
    positive('staff-key-bind', 'staff-key-bind', 'the case key of epoch 1 under that epoch’s staff-only key (§9.2)', { staffKey, caseKey, caseId: CASE, epoch: 1 }),
    positive('case-file-key', 'case-file-key', 'file key of a message’s file under the case key, bound to the record kind (§9.3)', {
      key: caseKey,
      caseId: CASE,
      fileId: 'file-0001',
      recordKind: 'message',
    }),
    positive('case-file-key-note', 'case-file-key', 'file key of a note’s file under the staff-only key (§9.3)', { key: staffKey, caseId: CASE, fileId: 'file-0002', recordKind: 'note' }),
    positive('case-file-meta', 'case-file-meta', 'metadata of a note’s file under the staff-only key, padded (§9.3)', { key: staffKey, caseId: CASE, fileId: 'file-0002', recordKind: 'note', meta }),
    positive('case-key-epoch-envelope', 'case-key-epoch-envelope', 'case key of epoch 2 sealed to a requester and signed by a desk lead (§9.4)', {
      caseId: CASE,
      epoch: 2,
      recipient: seedsFor('requester'),
      sealer: seedsFor('staff'),
    }),
    positive('case-key-link', 'key-link', 'the case key of epoch 1 under the case key of epoch 2 (§9.4)', {
      keyKind: 'case',
      caseId: CASE,
      epoch: 2,
      newer: namedSeed('case-key-2'),
      older: caseKey,
    }),
    positive('staff-key-link', 'key-link', 'the staff-only key of epoch 1 under the staff-only key of epoch 2 (§9.4)', {
      keyKind: 'staff',
      caseId: CASE,
      epoch: 2,
      newer: namedSeed('staff-key-2'),
      older: staffKey,
    }),
    positive('record-note-staff-key', 'signed', 'a note signed by a caseworker under the staff-only key (§9.2)', {
      purpose: 'case-record',
      binding: { caseId: CASE, recordId: 'rec-note', recordKind: 'note' },
      caseKey: staffKey,
      author: seedsFor('staff'),
      body: { text: 'staff only: the lawyer may be compromised' },
    }),
  ];
}

type Add = (id: string, op: string, description: string, inputs: JsonObject, expectedError: string) => Promise<void>;

function find(vectors: readonly Vector[], id: string): Vector & { expected: JsonObject } {
  const vector = vectors.find((candidate) => candidate.id === id);
  if (!vector?.expected) throw new Error(`no positive vector ${id}`);
  return vector as Vector & { expected: JsonObject };
}

export async function caseKeyRejects(vectors: readonly Vector[], add: Add): Promise<void> {
  const attacker = identityFrom(seedsFor('attacker'));

  // §9.1: the check of a case key.
  const check = find(vectors, 'case-key-check');
  const checkArgs = {
    caseId: CASE,
    caseKey: str(check.expected, 'caseKey'),
    request: obj(check.expected, 'request'),
    requesterEnvelope: obj(check.expected, 'requesterEnvelope'),
    requester: obj(check.expected, 'requester'),
  };
  await add('case-key-check-ok', 'case-key-check', 'control: the genuine case key passes — listed to prove the op can succeed', checkArgs, 'none');
  await add('case-key-check-swapped-key', 'case-key-check', 'a key of the server’s choosing: the request does not open under it', { ...checkArgs, caseKey: namedSeed('server-case-key') }, 'wrong_key');
  await add('case-key-check-swapped-signer', 'case-key-check', 'a requester signing key of the server’s choosing', { ...checkArgs, requester: { ...obj(check.expected, 'requester'), signPk: b64(attacker.signPk) } }, 'wrong_key');
  await add(
    'case-key-check-swapped-enc',
    'case-key-check',
    'a requester encryption key of the server’s choosing: the requester’s own envelope is sealed to another',
    { ...checkArgs, requester: { ...obj(check.expected, 'requester'), encPk: b64(attacker.encPk) } },
    'wrong_key',
  );
  const requesterEnvelope = obj(check.expected, 'requesterEnvelope');
  await add('case-key-check-forged-envelope', 'case-key-check', 'the requester’s envelope signature altered', { ...checkArgs, requesterEnvelope: { ...requesterEnvelope, signature: b64(new Uint8Array(64).fill(7)) } }, 'bad_signature');
  await add('case-key-check-other-case', 'case-key-check', 'the request checked as another case’s', { ...checkArgs, caseId: 'case-0002' }, 'wrong_ad');

  // §9.2: staff-only key envelopes and bindings.
  const staffEnvelope = find(vectors, 'staff-key-envelope');
  const staffArgs = { envelope: obj(staffEnvelope.expected, 'envelope'), caseId: CASE, epoch: 1, opener: seedsFor('desk'), sealerSignPk: b64(identityFrom(seedsFor('staff')).signPk) };
  await add('staff-envelope-other-epoch', 'staff-envelope-open', 'a staff-only key of epoch 1 opened as epoch 2', { ...staffArgs, epoch: 2 }, 'wrong_ad');
  await add('staff-envelope-other-case', 'staff-envelope-open', 'a staff-only key moved to another case', { ...staffArgs, caseId: 'case-0002' }, 'wrong_ad');
  await add('staff-envelope-wrong-sealer', 'staff-envelope-open', 'sealer key differs from sealerKid', { ...staffArgs, sealerSignPk: b64(attacker.signPk) }, 'wrong_key');
  await add('staff-envelope-wrong-recipient', 'staff-envelope-open', 'opened by someone it was not sealed to (a requester)', { ...staffArgs, opener: seedsFor('requester') }, 'wrong_key');
  const caseEnvelope = find(vectors, 'case-key-grant');
  await add(
    'staff-envelope-is-case-key',
    'staff-envelope-open',
    'a case key envelope offered as a staff-only key',
    { ...staffArgs, envelope: obj(caseEnvelope.expected, 'envelope'), opener: seedsFor('requester') },
    'wrong_ad',
  );
  await add(
    'case-envelope-is-staff-key',
    'envelope-open',
    'a staff-only key envelope offered as a case key envelope',
    { envelope: obj(staffEnvelope.expected, 'envelope'), caseId: CASE, opener: seedsFor('desk'), sealerSignPk: staffArgs.sealerSignPk },
    'wrong_ad',
  );
  const bind = find(vectors, 'staff-key-bind');
  const bindArgs = { staffKey: str(bind.inputs, 'staffKey'), caseKey: str(bind.inputs, 'caseKey'), caseId: CASE, epoch: 1, binding: str(bind.expected, 'binding') };
  await add('staff-key-check-other-case-key', 'staff-key-check', 'a staff-only key bound to another case key', { ...bindArgs, caseKey: namedSeed('server-case-key') }, 'wrong_key');
  await add('staff-key-check-other-epoch', 'staff-key-check', 'the binding of epoch 1 checked as epoch 2', { ...bindArgs, epoch: 2 }, 'wrong_ad');
  await add('staff-key-check-other-key', 'staff-key-check', 'a binding checked with another staff-only key', { ...bindArgs, staffKey: namedSeed('other-staff-key') }, 'wrong_key');

  // §9.2: a note under the staff-only key does not open with the case key (the requester's).
  const note = find(vectors, 'record-note-staff-key');
  const noteArgs = {
    caseKey: namedSeed('case-key'),
    binding: obj(note.inputs, 'binding'),
    ciphertext: str(note.expected, 'ciphertext'),
    authorKid: str(note.expected, 'authorKid'),
    authorSignPk: str(note.expected, 'authorSignPk'),
  };
  await add('note-with-case-key', 'record-open', 'a note opened with the case key instead of the staff-only key', noteArgs, 'wrong_key');
  await add('note-relabelled-message', 'record-open', 'a note relabelled as a message and opened with the case key', { ...noteArgs, binding: { ...obj(note.inputs, 'binding'), recordKind: 'message' } }, 'wrong_key');

  // §9.4: key epochs.
  const epochEnvelope = find(vectors, 'case-key-epoch-envelope');
  const epochArgs = { envelope: obj(epochEnvelope.expected, 'envelope'), caseId: CASE, epoch: 2, opener: seedsFor('requester'), sealerSignPk: b64(identityFrom(seedsFor('staff')).signPk) };
  await add('epoch-envelope-as-epoch-1', 'epoch-envelope-open', 'a case key of epoch 2 opened as epoch 1 (the intake binding)', { ...epochArgs, epoch: 1 }, 'wrong_ad');
  await add('epoch-envelope-as-epoch-3', 'epoch-envelope-open', 'a case key of epoch 2 opened as epoch 3', { ...epochArgs, epoch: 3 }, 'wrong_ad');
  await add(
    'epoch-1-envelope-as-epoch-2',
    'epoch-envelope-open',
    'an intake (epoch 1) envelope offered as epoch 2',
    { ...epochArgs, envelope: obj(find(vectors, 'case-key-grant').expected, 'envelope') },
    'wrong_ad',
  );
  const caseLink = find(vectors, 'case-key-link');
  const linkArgs = { keyKind: 'case', caseId: CASE, epoch: 2, newer: str(caseLink.inputs, 'newer'), link: str(caseLink.expected, 'link') };
  await add('key-link-older-key', 'key-link-open', 'the epoch-2 link opened with the epoch-1 key (what a removed member holds)', { ...linkArgs, newer: str(caseLink.inputs, 'older') }, 'wrong_key');
  await add('key-link-server-key', 'key-link-open', 'the epoch-2 link opened with a key of the server’s choosing', { ...linkArgs, newer: namedSeed('server-case-key') }, 'wrong_key');
  await add('key-link-other-epoch', 'key-link-open', 'the link of epoch 2 opened as epoch 3', { ...linkArgs, epoch: 3 }, 'wrong_ad');
  await add('key-link-staff-as-case', 'key-link-open', 'a staff-only key link opened as a case key link', {
    ...linkArgs,
    newer: str(find(vectors, 'staff-key-link').inputs, 'newer'),
    link: str(find(vectors, 'staff-key-link').expected, 'link'),
  }, 'wrong_ad');

  // §9.3: files of format 2.
  const fileKey = find(vectors, 'case-file-key');
  const fileArgs = { key: str(fileKey.inputs, 'key'), caseId: CASE, fileId: 'file-0001', recordKind: 'message', wrapped: str(fileKey.expected, 'wrapped') };
  await add('case-file-key-relabelled', 'case-file-key-open', 'a message’s file presented as the request’s', { ...fileArgs, recordKind: 'request' }, 'wrong_ad');
  await add('case-file-key-other-file', 'case-file-key-open', 'a wrapped key moved to another file', { ...fileArgs, fileId: 'file-0009' }, 'wrong_ad');
  await add('case-file-key-as-format-1', 'file-key-open', 'a format-2 wrapped key read with the format-1 purpose', { caseKey: fileArgs.key, caseId: CASE, fileId: 'file-0001', wrapped: fileArgs.wrapped }, 'wrong_ad');
  const noteFile = find(vectors, 'case-file-key-note');
  await add(
    'case-file-key-note-as-message',
    'case-file-key-open',
    'a note’s file relabelled as a message’s and opened with the case key',
    { key: namedSeed('case-key'), caseId: CASE, fileId: 'file-0002', recordKind: 'message', wrapped: str(noteFile.expected, 'wrapped') },
    'wrong_key',
  );
  const noteMeta = find(vectors, 'case-file-meta');
  const metaArgs = { key: str(noteMeta.inputs, 'key'), caseId: CASE, fileId: 'file-0002', recordKind: 'note', ciphertext: str(noteMeta.expected, 'ciphertext') };
  await add('case-file-meta-relabelled', 'case-file-meta-open', 'a note’s file metadata opened as a message’s', { ...metaArgs, recordKind: 'message' }, 'wrong_ad');
  await add('case-file-meta-with-case-key', 'case-file-meta-open', 'a note’s file metadata opened with the case key', { ...metaArgs, key: namedSeed('case-key'), recordKind: 'message' }, 'wrong_key');
}
