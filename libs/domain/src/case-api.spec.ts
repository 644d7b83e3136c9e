import { CASE_RECORD_CIPHERTEXT_MAX_LENGTH, idSchema, intakeRequestSchema, referralSchema } from './case-api';

const kid = 'k'.repeat(22);
const pk = 'p'.repeat(43);
const sig = 's'.repeat(86);
const envelope = { sealedKey: `s1.${kid}.${'x'.repeat(128)}`, sealerKid: kid, signature: sig };

function intake(overrides: Record<string, unknown> = {}) {
  return {
    caseId: '6f1c1c52-8a4d-4b6e-9d1e-0c2b3a4d5e6f',
    requestType: 'legal',
    country: 'KZ',
    language: 'ru',
    requester: { encPk: pk, signPk: pk },
    record: { id: '7f1c1c52-8a4d-4b6e-9d1e-0c2b3a4d5e6f', ciphertext: `a1.${'c'.repeat(500)}`, authorKid: kid },
    envelopes: [
      { ...envelope, recipient: { kind: 'desk', deskId: '8f1c1c52-8a4d-4b6e-9d1e-0c2b3a4d5e6f', version: 1 } },
      { ...envelope, recipient: { kind: 'requester' } },
    ],
    ...overrides,
  };
}

describe('case api contract', () => {
  test('accepts a well-formed intake', () => {
    expect(intakeRequestSchema.safeParse(intake()).success).toBe(true);
  });

  test('ids are lower-case UUIDs, because they are bound into the AD as written', () => {
    expect(idSchema.safeParse('6F1C1C52-8A4D-4B6E-9D1E-0C2B3A4D5E6F').success).toBe(false);
    expect(intakeRequestSchema.safeParse(intake({ caseId: 'case-1' })).success).toBe(false);
  });

  test('refuses unknown members, oversized records and envelope lists out of bounds', () => {
    expect(intakeRequestSchema.safeParse({ ...intake(), ip: '127.0.0.1' }).success).toBe(false);
    expect(intakeRequestSchema.safeParse(intake({ record: { ...intake().record, ciphertext: `a1.${'c'.repeat(CASE_RECORD_CIPHERTEXT_MAX_LENGTH)}` } })).success).toBe(false);
    expect(intakeRequestSchema.safeParse(intake({ envelopes: [intake().envelopes[0]] })).success).toBe(false);
    expect(intakeRequestSchema.safeParse(intake({ envelopes: Array.from({ length: 5 }, () => intake().envelopes[0]) })).success).toBe(false);
    const extra = { ...intake().envelopes[0], note: 'x' };
    expect(intakeRequestSchema.safeParse(intake({ envelopes: [extra, intake().envelopes[1]] })).success).toBe(false);
  });

  test('a referral carries the desk key version it is sealed to', () => {
    expect(referralSchema.safeParse({ deskId: '8f1c1c52-8a4d-4b6e-9d1e-0c2b3a4d5e6f', envelope: { ...envelope, version: 2 } }).success).toBe(true);
    expect(referralSchema.safeParse({ deskId: '8f1c1c52-8a4d-4b6e-9d1e-0c2b3a4d5e6f', envelope }).success).toBe(false);
  });
});
