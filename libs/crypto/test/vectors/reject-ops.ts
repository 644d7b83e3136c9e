/**
 * Vector operations that must fail: each takes the literal inputs of a `reject` vector (bad
 * strings, wrong keys, reordered chunks) and runs one reading function on them. The runner
 * compares the CryptoError code thrown with the vector's `expectedError`.
 */
import { importAuditCheckpointKeys, verifyAuditCheckpoint } from '../../src/audit-checkpoint';
import { type CaseKey, type FileKey, type VaultKey, brandAs } from '../../src/brands';
import { openCaseKeyEnvelope, parseCaseKeyEnvelope, unwrapFileKey } from '../../src/case-keys';
import { type Certificate, verifyCertificateChain } from '../../src/certificates';
import { normaliseReceiptCode, normaliseRecoveryCode } from '../../src/codes';
import { openDeskKey } from '../../src/desk-keys';
import { fromBase64Url } from '../../src/encoding';
import { decryptFileMeta } from '../../src/file-meta';
import { type StreamFileRef, createFileDecryptor } from '../../src/file-stream';
import { decryptFile } from '../../src/file-stream-io';
import { importRootKeys, parseSignPublicKey } from '../../src/keys';
import { verifyChallenge } from '../../src/receipt';
import { verifyReleaseManifest } from '../../src/release';
import { decryptSigned } from '../../src/signed-payload';
import { verifyDeskHistory } from '../../src/desk-history';
import { verifyRevocation, verifyRevocations } from '../../src/revocations';
import { openVault, parseVaultWrap, unwrapVaultKey } from '../../src/vault';
import { type JsonObject, type VectorLookup, arr, bytes, identityFrom, num, obj, requesterFrom, str } from './vector-io';
import { encryptStream } from './positive-kinds';
import { CASE_KEY_OPS } from './case-key-kinds';
import { GRANT_OPS } from './grant-kinds';
import { SUBJECT_OPS } from './subject-kinds';
import { concatBytes } from '../../src/encoding';
import { withScriptedRandom } from '../../src/internal/deterministic-random';

/** Runs one failing operation; `lookup` finds another vector of the file by id. */
export type RejectOp = (args: JsonObject, lookup: VectorLookup) => Promise<unknown> | unknown;

/**
 * The chunks of a stream reject vector: `source` names a file-stream vector whose chunks are
 * re-made from its inputs and draws; `take` lists `{ from, index?, flip? }` (which original
 * chunk, the index claimed for it, a byte offset to flip, zero bytes to append); `extra`
 * adds one more chunk of the given bytes.
 */
function streamChunks(args: JsonObject, lookup: VectorLookup): { index: number; bytes: Uint8Array }[] {
  const source = lookup(str(args, 'source'));
  const original = withScriptedRandom(source.draws, () => encryptStream(source.inputs)).chunks;
  const taken = arr(args, 'take').map((item, position) => {
    const spec = item as JsonObject;
    const chunk = original[num(spec, 'from')];
    if (!chunk) throw new Error('no such chunk');
    const copy = spec['append'] === undefined ? chunk.slice() : concatBytes(chunk, new Uint8Array(num(spec, 'append')));
    if (spec['flip'] !== undefined) copy[num(spec, 'flip')] = (copy[num(spec, 'flip')] ?? 0) ^ 1;
    return { index: spec['index'] === undefined ? position : num(spec, 'index'), bytes: copy };
  });
  if (args['extra'] !== undefined) taken.push({ index: taken.length, bytes: bytes(args, 'extra') });
  return taken;
}

function streamSetup(args: JsonObject, lookup: VectorLookup): { fileKey: FileKey; file: StreamFileRef; header: string } {
  const source = lookup(str(args, 'source'));
  const header = typeof args['header'] === 'string' ? args['header'] : withScriptedRandom(source.draws, () => encryptStream(source.inputs)).header;
  const fileKey = brandAs<FileKey>(bytes(args['fileKey'] === undefined ? source.inputs : args, 'fileKey'));
  const fileId = typeof args['fileId'] === 'string' ? args['fileId'] : str(source.inputs, 'fileId');
  // A report file's stream (SPEC.md §18.4) is bound to its grant, a case attachment's to its case.
  const file = source.inputs['grantId'] === undefined ? { caseId: str(source.inputs, 'caseId'), fileId } : { grantId: str(source.inputs, 'grantId'), fileId };
  return { fileKey, file, header };
}

function fileRef(args: JsonObject): { caseId: string; fileId: string } {
  return { caseId: str(args, 'caseId'), fileId: str(args, 'fileId') };
}

export const REJECT_OPS: Record<string, RejectOp> = {
  base64url: (args) => fromBase64Url(str(args, 'text'), 'text'),
  'record-open': (args) => {
    const ids = obj(args, 'binding');
    const binding = { purpose: 'case-record', caseId: str(ids, 'caseId'), recordId: str(ids, 'recordId'), recordKind: str(ids, 'recordKind') } as const;
    return decryptSigned(brandAs<CaseKey>(bytes(args, 'caseKey')), binding, { ciphertext: str(args, 'ciphertext'), authorKid: str(args, 'authorKid') }, parseSignPublicKey(str(args, 'authorSignPk')));
  },
  'file-key-open': (args) => unwrapFileKey(brandAs<CaseKey>(bytes(args, 'caseKey')), fileRef(args), str(args, 'wrapped')),
  'file-meta-open': (args) => decryptFileMeta(brandAs<CaseKey>(bytes(args, 'caseKey')), fileRef(args), str(args, 'ciphertext')),
  'vault-open': (args) => openVault(brandAs<VaultKey>(bytes(args, 'vaultKey')), str(args, 'userId'), str(args, 'vault')),
  'vault-unwrap': (args) => {
    const secret = obj(args, 'secret');
    const ref = { userId: str(args, 'userId'), unlockMethodId: str(args, 'unlockMethodId') };
    return unwrapVaultKey(parseVaultWrap(args['wrap']), ref, { method: 'passphrase', passphrase: str(secret, 'passphrase') });
  },
  'vault-wrap-parse': (args) => parseVaultWrap(args['wrap']),
  'envelope-open': (args) =>
    openCaseKeyEnvelope(parseCaseKeyEnvelope(args['envelope']), str(args, 'caseId'), requesterFrom(obj(args, 'opener')), parseSignPublicKey(str(args, 'sealerSignPk'))),
  'desk-key-open': (args) => {
    const desk = verifyCertificateChain(arr(args, 'deskChain') as unknown as Certificate[], parseSignPublicKey(str(args, 'rootSignPk')), new Date(str(args, 'now')));
    if (desk.kind !== 'desk') throw new Error('not a desk chain');
    return openDeskKey(str(args, 'sealed'), identityFrom(obj(args, 'member')), desk);
  },
  'certificate-verify': (args) =>
    verifyCertificateChain(arr(args, 'chain') as unknown as Certificate[], parseSignPublicKey(str(args, 'rootSignPk')), new Date(str(args, 'now'))),
  'stream-chunks': (args, lookup) => {
    const { fileKey, file, header } = streamSetup(args, lookup);
    const decryptor = createFileDecryptor(fileKey, file, header);
    for (const chunk of streamChunks(args, lookup)) decryptor.pull(chunk.bytes, chunk.index);
    decryptor.finish();
    return undefined;
  },
  'stream-bytes': async (args, lookup) => {
    const { fileKey, file, header } = streamSetup(args, lookup);
    const joined = concatBytes(...streamChunks(args, lookup).map((chunk) => chunk.bytes));
    const cut = args['cut'] === undefined ? joined : joined.subarray(0, joined.length - num(args, 'cut'));
    for await (const chunk of decryptFile(fileKey, file, header, [cut])) void chunk;
  },
  'receipt-normalise': (args) => normaliseReceiptCode(str(args, 'input')),
  'recovery-normalise': (args) => normaliseRecoveryCode(str(args, 'input')),
  'challenge-verify': (args) => verifyChallenge(parseSignPublicKey(str(args, 'signPk')), str(args, 'instanceId'), str(args, 'challenge'), str(args, 'signature')),
  'root-key-import': (args) => importRootKeys(str(args, 'text')),
  'audit-checkpoint-verify': (args) => verifyAuditCheckpoint(args['checkpoint'], arr(args, 'pinned').map((key) => parseSignPublicKey(String(key)))),
  'audit-checkpoint-key-import': (args) => importAuditCheckpointKeys(str(args, 'text')),
  'desk-history-verify': (args) => {
    const root = parseSignPublicKey(str(args, 'rootSignPk'));
    const now = new Date(str(args, 'now'));
    const revocations = args['revocations'] === undefined ? undefined : verifyRevocations(arr(args, 'revocations'), root, now);
    const seen = args['seen'] === undefined ? undefined : { version: num(obj(args, 'seen'), 'version'), encKid: str(obj(args, 'seen'), 'encKid') };
    return verifyDeskHistory(str(args, 'deskId'), arr(args, 'entries'), root, now, { revocations, seen });
  },
  'revocation-verify': (args) => verifyRevocation(args['statement'], arr(args, 'chain'), parseSignPublicKey(str(args, 'rootSignPk')), new Date(str(args, 'now'))),
  'release-verify': (args) => verifyReleaseManifest(args['manifest'], parseSignPublicKey(str(args, 'rootSignPk'))),
  // SPEC.md §9.1-§9.3 (case-key-kinds.ts).
  ...CASE_KEY_OPS,
  // SPEC.md §18 (grant-kinds.ts).
  ...GRANT_OPS,
  // SPEC.md §19 (subject-kinds.ts).
  ...SUBJECT_OPS,
};
