/**
 * Vector kinds and reject operations of SPEC.md §18 (issue 14): grant key envelopes, approvals
 * over the grant's terms, report files' keys and metadata. Payee details and reports use the
 * `signed` kind; report file streams the `file-stream` kind with a `grantId`. Spread into
 * positive-kinds.ts and reject-ops.ts.
 */
import { type FileKey, type GrantKey, brandAs } from '../../src/brands';
import { type VerifiedSubject } from '../../src/certificates';
import { generateFileKey, requesterPublicKeys } from '../../src/case-keys';
import { canonicalJson } from '../../src/canonical-json';
import { type FileMeta } from '../../src/file-meta';
import { createFileDecryptor } from '../../src/file-stream';
import {
  type GrantTerms,
  decryptGrantFileMeta,
  decryptGrantReport,
  decryptPayeeDetails,
  encryptGrantFileMeta,
  generateGrantKey,
  grantApprovalMessage,
  openGrantKeyEnvelope,
  parseGrantKeyEnvelope,
  sealGrantKey,
  signGrantApproval,
  unwrapGrantFileKey,
  verifyGrantApproval,
  verifyGrantKeyEnvelope,
  wrapGrantFileKey,
} from '../../src/grants';
import { parseSignPublicKey } from '../../src/keys';
import { withScriptedRandom } from '../../src/internal/deterministic-random';
import { type JsonObject, b64, bytes, identityFrom, obj, requesterFrom, str, toJson } from './vector-io';
import { type PositiveKind, encryptStream } from './positive-kinds';
import { type RejectOp } from './reject-ops';

function assertSame(actual: unknown, expected: unknown, what: string): void {
  if (canonicalJson(toJson(actual)) !== canonicalJson(toJson(expected))) throw new Error(`${what} differs`);
}

function grantFileRef(inputs: JsonObject): { grantId: string; fileId: string } {
  return { grantId: str(inputs, 'grantId'), fileId: str(inputs, 'fileId') };
}

/**
 * The recipient of a grant key envelope vector: `{ kind: "desk" | "staff" | "requester", encSeed,
 * signSeed }`. A desk or person is a verified subject whose encPk comes from the seeds.
 */
function recipientFrom(recipient: JsonObject): Parameters<typeof sealGrantKey>[2] {
  const kind = str(recipient, 'kind');
  if (kind === 'requester') return requesterPublicKeys(requesterFrom(recipient));
  return { kind, encPk: identityFrom(recipient).encPk } as unknown as VerifiedSubject;
}

function sealerFrom(sealer: JsonObject) {
  return str(sealer, 'kind') === 'requester' ? requesterFrom(sealer) : identityFrom(sealer);
}

export const GRANT_KINDS: Record<string, PositiveKind> = {
  'grant-key-envelope': {
    compute: (inputs) => {
      const grantKey = generateGrantKey();
      const sealer = sealerFrom(obj(inputs, 'sealer'));
      const envelope = sealGrantKey(grantKey, str(inputs, 'grantId'), recipientFrom(obj(inputs, 'recipient')), sealer);
      return toJson({ grantKey, envelope, sealerSignPk: sealer.signPk }) as JsonObject;
    },
    verify: (inputs, expected) => {
      const sealerKey = parseSignPublicKey(str(expected, 'sealerSignPk'));
      const recipient = obj(inputs, 'recipient');
      const kid = verifyGrantKeyEnvelope(expected['envelope'], str(inputs, 'grantId'), sealerKey);
      assertSame(kid, str(obj(expected, 'envelope'), 'sealedKey').split('.')[1], 'recipient kid');
      const opener = str(recipient, 'kind') === 'requester' ? requesterFrom(recipient) : identityFrom(recipient);
      const opened = openGrantKeyEnvelope(parseGrantKeyEnvelope(expected['envelope']), str(inputs, 'grantId'), opener, sealerKey);
      assertSame(opened, bytes(expected, 'grantKey'), 'grant key');
    },
  },
  'grant-approval': {
    compute: (inputs) => {
      const approver = identityFrom(obj(inputs, 'approver'));
      const terms = obj(inputs, 'terms') as unknown as GrantTerms;
      const signed = signGrantApproval(terms, approver);
      return toJson({
        message: new TextDecoder().decode(grantApprovalMessage(terms)),
        signature: signed.signature,
        signerKid: signed.signerKid,
        signerSignPk: approver.signPk,
      }) as JsonObject;
    },
    verify: (inputs, expected) =>
      verifyGrantApproval(obj(inputs, 'terms') as unknown as GrantTerms, str(expected, 'signature'), parseSignPublicKey(str(expected, 'signerSignPk')), str(expected, 'signerKid')),
  },
  'grant-file-key': {
    compute: (inputs) => {
      const fileKey = generateFileKey();
      return { fileKey: b64(fileKey), wrapped: wrapGrantFileKey(brandAs<GrantKey>(bytes(inputs, 'grantKey')), grantFileRef(inputs), fileKey) };
    },
    verify: (inputs, expected) => assertSame(unwrapGrantFileKey(brandAs<GrantKey>(bytes(inputs, 'grantKey')), grantFileRef(inputs), str(expected, 'wrapped')), bytes(expected, 'fileKey'), 'file key'),
  },
  'grant-file-meta': {
    compute: (inputs) => ({ ciphertext: encryptGrantFileMeta(brandAs<GrantKey>(bytes(inputs, 'grantKey')), grantFileRef(inputs), obj(inputs, 'meta') as unknown as FileMeta) }),
    verify: (inputs, expected) => assertSame(decryptGrantFileMeta(brandAs<GrantKey>(bytes(inputs, 'grantKey')), grantFileRef(inputs), str(expected, 'ciphertext')), inputs['meta'], 'file meta'),
  },
};

export const GRANT_OPS: Record<string, RejectOp> = {
  'grant-envelope-open': (args) => {
    const opener = obj(args, 'opener');
    return openGrantKeyEnvelope(
      parseGrantKeyEnvelope(args['envelope']),
      str(args, 'grantId'),
      str(opener, 'kind') === 'requester' ? requesterFrom(opener) : identityFrom(opener),
      parseSignPublicKey(str(args, 'sealerSignPk')),
    );
  },
  'grant-envelope-verify': (args) => verifyGrantKeyEnvelope(args['envelope'], str(args, 'grantId'), parseSignPublicKey(str(args, 'sealerSignPk'))),
  'grant-approval-verify': (args) =>
    verifyGrantApproval(
      args['terms'] as unknown as GrantTerms,
      str(args, 'signature'),
      parseSignPublicKey(str(args, 'signerSignPk')),
      args['signerKid'] === undefined ? undefined : str(args, 'signerKid'),
    ),
  /** Opens a `grant-payee` or `grant-report` payload (`purpose`, `binding` ids) under `key`. */
  'grant-signed-open': (args) => {
    const ids = obj(args, 'binding');
    const key = brandAs<GrantKey>(bytes(args, 'key'));
    const stored = { ciphertext: str(args, 'ciphertext'), authorKid: str(args, 'authorKid') };
    const author = parseSignPublicKey(str(args, 'authorSignPk'));
    return str(args, 'purpose') === 'grant-payee'
      ? decryptPayeeDetails(key, str(ids, 'grantId'), stored, author)
      : decryptGrantReport(key, { grantId: str(ids, 'grantId'), reportId: str(ids, 'reportId') }, stored, author);
  },
  'grant-file-key-open': (args) => unwrapGrantFileKey(brandAs<GrantKey>(bytes(args, 'grantKey')), grantFileRef(args), str(args, 'wrapped')),
  'grant-file-meta-open': (args) => decryptGrantFileMeta(brandAs<GrantKey>(bytes(args, 'grantKey')), grantFileRef(args), str(args, 'ciphertext')),
  /**
   * Opens the header of the stream vector `source` (re-made from its inputs and draws) as the
   * file `as`: `{ grantId, fileId }` for a report file, `{ caseId, fileId }` for a case's attachment.
   */
  'grant-stream-header': (args, lookup) => {
    const source = lookup(str(args, 'source'));
    const header = withScriptedRandom(source.draws, () => encryptStream(source.inputs)).header;
    const as = obj(args, 'as');
    const file = as['grantId'] === undefined ? { caseId: str(as, 'caseId'), fileId: str(as, 'fileId') } : grantFileRef(as);
    return createFileDecryptor(brandAs<FileKey>(bytes(source.inputs, 'fileKey')), file, header);
  },
};
