/**
 * SPEC.md §9.1: a case key is used only once it opens the request its requester signed, and the
 * requester's own envelope names the requester keys that verify it. A server that seals a key of
 * its choosing (with a requester signing key of its choosing) is caught; one that fabricates the
 * whole request is not caught here — that is what the reader's pin of the requester key is for.
 */
import {
  type RequesterKeys,
  checkCaseKey,
  encryptRecord,
  generateCaseKey,
  generateIdentityKeys,
  ready,
  requesterPublicKeys,
  sealCaseKey,
} from '../src/index';
import { expectCode } from './helpers';

beforeAll(() => ready());

/** Requester-like keys without Argon2id (the check only needs the key pairs). */
function requester(): RequesterKeys {
  return { ...generateIdentityKeys(), kind: 'requester' } as unknown as RequesterKeys;
}

const caseId = 'case-0001';
const form = { type: 'legal', description: 'detained after the protest' };

function intake() {
  const keys = requester();
  const caseKey = generateCaseKey();
  const record = encryptRecord(caseKey, { caseId, recordId: 'rec-request', recordKind: 'request' }, form, keys);
  const request = { id: 'rec-request', ciphertext: record.ciphertext as string, authorKid: record.authorKid as string };
  const requesterEnvelope = sealCaseKey(caseKey, caseId, requesterPublicKeys(keys), keys);
  return { keys, caseKey, request, requesterEnvelope };
}

describe('checkCaseKey', () => {
  it('accepts the case key that opens the signed request, and returns the request', () => {
    const { keys, caseKey, request, requesterEnvelope } = intake();
    expect(checkCaseKey(caseKey, caseId, { request, requesterEnvelope, requester: requesterPublicKeys(keys) })).toEqual(form);
  });

  it('refuses a key of the server’s choosing, even with a requester signing key of its choosing', () => {
    const { request, requesterEnvelope } = intake();
    const server = requester();
    // The server swaps the case key and the requester keys: the request still opens only with the real key.
    expectCode(() => checkCaseKey(generateCaseKey(), caseId, { request, requesterEnvelope, requester: requesterPublicKeys(server) }), 'wrong_key');
  });

  it('refuses a genuine request under a swapped requester signing key', () => {
    const { caseKey, request, requesterEnvelope } = intake();
    expectCode(() => checkCaseKey(caseKey, caseId, { request, requesterEnvelope, requester: requesterPublicKeys(requester()) }), 'wrong_key');
  });

  it('refuses a requester envelope sealed to another encryption key than the requester’s', () => {
    const { keys, caseKey, request } = intake();
    const other = requester();
    const sealedElsewhere = sealCaseKey(caseKey, caseId, requesterPublicKeys(other), keys);
    expectCode(() => checkCaseKey(caseKey, caseId, { request, requesterEnvelope: sealedElsewhere, requester: requesterPublicKeys(keys) }), 'wrong_key');
    // The server's encryption key beside the requester's signing key: the signed envelope names the real one.
    const swapped = { ...requesterPublicKeys(keys), encPk: other.encPk } as ReturnType<typeof requesterPublicKeys>;
    const requesterEnvelope = sealCaseKey(caseKey, caseId, requesterPublicKeys(keys), keys);
    expectCode(() => checkCaseKey(caseKey, caseId, { request, requesterEnvelope, requester: swapped }), 'wrong_key');
  });

  it('refuses a requester envelope the requester did not sign, and one of another case', () => {
    const { keys, caseKey, request, requesterEnvelope } = intake();
    const forged = { ...requesterEnvelope, signature: `${requesterEnvelope.signature.startsWith('A') ? 'B' : 'A'}${requesterEnvelope.signature.slice(1)}` };
    expectCode(() => checkCaseKey(caseKey, caseId, { request, requesterEnvelope: forged, requester: requesterPublicKeys(keys) }), 'bad_signature');
    const otherCase = sealCaseKey(caseKey, 'case-0002', requesterPublicKeys(keys), keys);
    expectCode(() => checkCaseKey(caseKey, caseId, { request, requesterEnvelope: otherCase, requester: requesterPublicKeys(keys) }), 'bad_signature');
  });

  it('refuses the request record of another case put in its place', () => {
    const { keys, caseKey } = intake();
    const moved = encryptRecord(caseKey, { caseId: 'case-0002', recordId: 'rec-request', recordKind: 'request' }, form, keys);
    const request = { id: 'rec-request', ciphertext: moved.ciphertext as string, authorKid: moved.authorKid as string };
    const requesterEnvelope = sealCaseKey(caseKey, caseId, requesterPublicKeys(keys), keys);
    expectCode(() => checkCaseKey(caseKey, caseId, { request, requesterEnvelope, requester: requesterPublicKeys(keys) }), 'wrong_ad');
  });

  it('passes a case fabricated whole by the server (its own requester, key and request): the limit the reader’s pin covers', () => {
    const fabricated = intake();
    expect(checkCaseKey(fabricated.caseKey, caseId, { request: fabricated.request, requesterEnvelope: fabricated.requesterEnvelope, requester: requesterPublicKeys(fabricated.keys) })).toEqual(form);
  });
});
