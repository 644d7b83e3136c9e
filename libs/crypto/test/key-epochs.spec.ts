/**
 * SPEC.md §9.4: case keys of later epochs are sealed with their epoch bound in, and each carries
 * the previous epoch's key (case key and staff-only key): the newest reaches every older one,
 * no older one reaches a newer one.
 */
import {
  type RequesterKeys,
  checkCaseKey,
  encryptRecord,
  generateCaseKey,
  generateIdentityKeys,
  generateStaffKey,
  linkCaseKeys,
  linkStaffKeys,
  openCaseKeyChain,
  openCaseKeyEnvelope,
  openCaseKeyLink,
  openStaffKeyLink,
  ready,
  requesterPublicKeys,
  sealCaseKey,
} from '../src/index';
import { expectCode } from './helpers';

beforeAll(() => ready());

const caseId = 'case-0001';

function requester(): RequesterKeys {
  return { ...generateIdentityKeys(), kind: 'requester' } as unknown as RequesterKeys;
}

describe('key epochs (§9.4)', () => {
  it('bind the epoch into a sealed case key: epoch 2 opens only as epoch 2', () => {
    const lead = generateIdentityKeys();
    const reader = requester();
    const key = generateCaseKey();
    const envelope = sealCaseKey(key, caseId, requesterPublicKeys(reader), lead, 2);
    expect(openCaseKeyEnvelope(envelope, caseId, reader, lead.signPk, 2)).toEqual(key);
    expectCode(() => openCaseKeyEnvelope(envelope, caseId, reader, lead.signPk), 'wrong_ad');
    expectCode(() => openCaseKeyEnvelope(envelope, caseId, reader, lead.signPk, 3), 'wrong_ad');
    // Epoch 1 keeps the intake binding: an epoch-1 envelope does not open as epoch 2.
    const first = sealCaseKey(key, caseId, requesterPublicKeys(reader), lead);
    expectCode(() => openCaseKeyEnvelope(first, caseId, reader, lead.signPk, 2), 'wrong_ad');
  });

  it('link each epoch to the one before: down from the newest to the request of epoch 1', () => {
    const keys = requester();
    const k1 = generateCaseKey();
    const record = encryptRecord(k1, { caseId, recordId: 'rec-request', recordKind: 'request' }, { type: 'legal' }, keys);
    const evidence = {
      request: { id: 'rec-request', ciphertext: record.ciphertext as string, authorKid: record.authorKid as string },
      requesterEnvelope: sealCaseKey(k1, caseId, requesterPublicKeys(keys), keys),
      requester: requesterPublicKeys(keys),
    };
    const k2 = generateCaseKey();
    const k3 = generateCaseKey();
    const link2 = linkCaseKeys(k2, caseId, 2, k1);
    const link3 = linkCaseKeys(k3, caseId, 3, k2);
    const down = openCaseKeyLink(openCaseKeyLink(k3, caseId, 3, link3) as never, caseId, 2, link2);
    expect(checkCaseKey(down, caseId, evidence)).toEqual({ type: 'legal' });
    // A key of the server's choosing has no link that opens to the case's real keys.
    expectCode(() => openCaseKeyLink(generateCaseKey(), caseId, 3, link3), 'wrong_key');
    // Links are bound to their epoch and case.
    expectCode(() => openCaseKeyLink(k3, caseId, 2, link3), 'wrong_ad');
    expectCode(() => openCaseKeyLink(k3, 'case-0002', 3, link3), 'wrong_ad');
    // An older key opens no newer link: k2 holders (a removed member) do not reach k3.
    expectCode(() => openCaseKeyLink(k2, caseId, 3, link3), 'wrong_key');
    expectCode(() => linkCaseKeys(k2, caseId, 1, k1), 'invalid_input');
  });

  it('open a whole chain from the newest key, and refuse a missing or foreign link', () => {
    const keys = [generateCaseKey(), generateCaseKey(), generateCaseKey()];
    const links = [2, 3].map((epoch) => ({ epoch, link: linkCaseKeys(keys[epoch - 1]!, caseId, epoch, keys[epoch - 2]!) as string }));
    const chain = openCaseKeyChain(keys[2]!, caseId, 3, links);
    expect([...chain.keys()].sort()).toEqual([1, 2, 3]);
    expect(chain.get(1)).toEqual(keys[0]);
    expectCode(() => openCaseKeyChain(keys[2]!, caseId, 3, links.slice(1)), 'invalid_input');
    expectCode(() => openCaseKeyChain(generateCaseKey(), caseId, 3, links), 'wrong_key');
    expect(openCaseKeyChain(keys[0]!, caseId, 1, []).get(1)).toEqual(keys[0]);
  });

  it('link staff-only keys the same way, under their own purpose', () => {
    const s1 = generateStaffKey();
    const s2 = generateStaffKey();
    const link = linkStaffKeys(s2, caseId, 2, s1);
    expect(openStaffKeyLink(s2, caseId, 2, link)).toEqual(s1);
    expectCode(() => openStaffKeyLink(s1, caseId, 2, link), 'wrong_key');
    // A staff-only key link is not a case key link.
    expectCode(() => openCaseKeyLink(s2 as never, caseId, 2, link), 'wrong_ad');
  });
});
