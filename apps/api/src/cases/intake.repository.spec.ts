import { toAuditFields } from '../audit';
import { QUEUES } from '../jobs';
import { type NewIntake, intakeInsertStatement } from './intake.repository';

const CASE_ID = '0b6f0c9e-3c55-4d0c-9a57-2f6f2a7c1e01';
const REQUESTER_ID = '5d0c7c2e-8f0e-4f7a-8a5e-3b9e6a1c2d02';

function intake(desks: number, jobs: number): NewIntake {
  return {
    contextVersion: '42',
    requesterId: REQUESTER_ID,
    requester: { signKid: 'sign-kid', encPk: 'enc-pk', signPk: 'sign-pk' },
    caseId: CASE_ID,
    requestType: 'legal',
    country: 'KZ',
    language: 'ru',
    urgency: 'normal',
    ownerDeskId: 'desk-1',
    collaboratorDeskIds: desks > 1 ? ['desk-0'] : [],
    createdAt: new Date('2030-01-01T00:00:00Z'),
    firstResponseDueAt: new Date('2030-01-02T00:00:00Z'),
    digest: Buffer.alloc(32, 7),
    record: { id: 'record-1', ciphertext: 'a1.ciphertext' },
    subject: null,
    envelopes: [
      { recipientKind: 'requester', recipientId: null, deskKeyVersion: null, sealedKey: 'k0', sealerKid: 'sign-kid', signature: 's0' },
      ...Array.from({ length: desks }, (_, i) => ({ recipientKind: 'desk' as const, recipientId: `desk-${i}`, deskKeyVersion: 1, sealedKey: `k${i + 1}`, sealerKid: 'sign-kid', signature: `s${i + 1}` })),
    ],
    jobs: Array.from({ length: jobs }, (_, i) => ({ queue: QUEUES.cases, name: `job-${i}`, payload: { caseId: CASE_ID } })),
    audit: toAuditFields({ action: 'case.created', actor: { kind: 'requester', id: REQUESTER_ID }, subject: { type: 'case', id: CASE_ID }, data: { requestType: 'legal' } }),
  };
}

/** The value each `$n` of the text stands for, with the SQL just before it. */
function placeholders(text: string, values: unknown[]): { n: number; before: string; value: unknown }[] {
  return [...text.matchAll(/\$(\d+)/g)].map((m) => ({ n: Number(m[1]), before: text.slice(Math.max(0, m.index - 40), m.index), value: values[Number(m[1]) - 1] }));
}

describe('the intake statement', () => {
  test('uses every bound value, and no placeholder without one', () => {
    const { text, values } = intakeInsertStatement(intake(2, 2));
    const used = new Set(placeholders(text, values).map((p) => p.n));
    expect([...used].sort((a, b) => a - b)).toEqual(values.map((_, i) => i + 1));
  });

  test('has one text whatever the number of desks and jobs, as a prepared statement must', () => {
    const texts = new Set([intakeInsertStatement(intake(1, 0)).text, intakeInsertStatement(intake(2, 1)).text, intakeInsertStatement(intake(2, 3)).text]);
    expect(texts.size).toBe(1);
  });

  test('puts each value where its column is', () => {
    const n = intake(2, 2);
    const { text, values } = intakeInsertStatement(n);
    const at = placeholders(text, values);
    const valueAfter = (sql: string) => at.find((p) => p.before.endsWith(sql))?.value;
    expect(valueAfter('intake_context_version WHERE version = ')).toBe('42');
    expect(valueAfter('sign_kid, enc_pk, sign_pk) SELECT ')).toBe(REQUESTER_ID);
    expect(valueAfter('requester.id, ')).toEqual(n.createdAt);
    // The signing kid is bound once: the requester's key and the record's author.
    const signKid = at.filter((p) => p.value === 'sign-kid');
    expect(signKid).toHaveLength(2);
    expect(signKid[0]!.n).toBe(signKid[1]!.n);
    expect(values).toContainEqual(['requester', 'desk', 'desk']);
    expect(values).toContainEqual([null, 'desk-0', 'desk-1']);
    expect(values).toContainEqual([QUEUES.cases, QUEUES.cases]);
    expect(values).toContainEqual(n.audit.action);
    expect(values).toContainEqual(JSON.stringify(n.audit.data));
  });
});
