/**
 * The requester's grant operations (libs/crypto SPEC.md §18), with the receipt keys held by
 * requester-worker.ts: the grant key envelope sealed to the requester opened (its sealer a
 * certified member of staff), payee details typed or confirmed, a report and its files
 * encrypted under the grant key. The grant key and file keys never leave the worker.
 */
import { type GrantKeyEnvelope, type SignPublicKey, CryptoError, decryptPayeeDetails, encryptGrantReport, encryptPayeeDetails, openGrantKeyEnvelope, parseGrantKeyEnvelope, parseSignPublicKey } from '@ashar/crypto';
import { checkedAt } from './checked-at';
import {
  type GrantReportBodyIn,
  type PayeeDetailsIn,
  type RequesterGrantEnvelopeIn,
  type RequesterGrantPayloadIn,
  type RequesterGrantWorkerApi,
  type RequesterPayeeReading,
} from './grant-worker-api';
import { type StaffKeyEntry } from './requester-worker-api';
import {
  RequesterError,
  certifiedStaffKey,
  holdRequesterGrant,
  needReceipt,
  needRequesterGrant,
  randomId,
  revocationsOf,
  startGrantFileUpload,
} from './requester-worker';
import { guarded } from './worker-guard';

const PAYEE_FIELDS_MAX = 20;
const PAYEE_FIELD_NAME_MAX = 64;
const PAYEE_VALUE_MAX = 2000;
const REPORT_TEXT_MAX = 20000;

/** Payee details as a plain object of short strings, copied; else `invalid_grant_content`. */
function payeeDetailsOf(details: unknown): Record<string, string> {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) throw new RequesterError('invalid_grant_content');
  const entries = Object.entries(details as Record<string, unknown>);
  if (entries.length === 0 || entries.length > PAYEE_FIELDS_MAX) throw new RequesterError('invalid_grant_content');
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (name.length === 0 || name.length > PAYEE_FIELD_NAME_MAX || typeof value !== 'string' || value.length > PAYEE_VALUE_MAX) throw new RequesterError('invalid_grant_content');
    out[name] = value;
  }
  return out;
}

export const requesterGrantOperations: RequesterGrantWorkerApi = {
  openRequesterGrant: guarded((grantId: string, envelope: RequesterGrantEnvelopeIn, staffKeys: readonly StaffKeyEntry[], rootText: string, revocationEntries?: readonly unknown[]) => {
    const { keys } = needReceipt();
    const root = parseSignPublicKey(rootText);
    const sealer = envelope.sealer;
    let sealerKey: SignPublicKey | undefined;
    if (sealer.kind === 'requester') sealerKey = keys.signPk;
    else sealerKey = certifiedStaffKey(staffKeys.find((k) => k.id === sealer.id), sealer.id, root, checkedAt(envelope.createdAt), revocationsOf(revocationEntries, root))?.key;
    if (!sealerKey) throw new RequesterError('no_grant');
    let parsed: GrantKeyEnvelope;
    try {
      parsed = parseGrantKeyEnvelope(envelope);
      holdRequesterGrant(grantId, openGrantKeyEnvelope(parsed, grantId, keys, sealerKey));
    } catch (error) {
      // Whatever failed (another recipient, another grant, a forged signature), the person is told it does not open.
      if (error instanceof CryptoError) throw new RequesterError('no_grant');
      throw error;
    }
    return { grantId };
  }),

  sealRequesterPayee: guarded((grantId: string, details: PayeeDetailsIn) => {
    const { keys } = needReceipt();
    const sealed = encryptPayeeDetails(needRequesterGrant(grantId), grantId, payeeDetailsOf(details), keys);
    return { ciphertext: sealed.ciphertext as string, authorKid: sealed.authorKid as string };
  }),

  openRequesterPayee: guarded((grantId: string, payee: RequesterGrantPayloadIn, staffKeys: readonly StaffKeyEntry[], rootText: string, revocationEntries?: readonly unknown[]): RequesterPayeeReading => {
    const { keys } = needReceipt();
    const grantKey = needRequesterGrant(grantId);
    const root = parseSignPublicKey(rootText);
    const author = payee.author;
    const authorKey =
      author.kind === 'requester' ? keys.signPk : certifiedStaffKey(staffKeys.find((k) => k.id === author.id), author.id, root, checkedAt(payee.createdAt), revocationsOf(revocationEntries, root))?.key;
    if (!authorKey) return { state: 'refused' };
    try {
      const details = payeeDetailsOf(decryptPayeeDetails(grantKey, grantId, payee, authorKey));
      return { state: 'verified', details, from: author.kind === 'requester' ? 'you' : 'staff' };
    } catch (error) {
      if (error instanceof CryptoError || error instanceof RequesterError) return { state: 'refused' };
      throw error;
    }
  }),

  sealGrantReport: guarded((grantId: string, body: GrantReportBodyIn) => {
    const { keys } = needReceipt();
    if (typeof body !== 'object' || body === null || typeof body.text !== 'string' || body.text.length > REPORT_TEXT_MAX) throw new RequesterError('invalid_grant_content');
    const id = randomId();
    const sealed = encryptGrantReport(needRequesterGrant(grantId), { grantId, reportId: id }, { text: body.text }, keys);
    return { id, ciphertext: sealed.ciphertext as string, authorKid: sealed.authorKid as string };
  }),

  beginGrantFileUpload: guarded((grantId: string, file: Blob, name: string) => {
    needReceipt();
    return startGrantFileUpload(needRequesterGrant(grantId), grantId, file, name);
  }),
};
