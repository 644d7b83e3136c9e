/** What may enter the audit log: ids and names only, within limits, never free text. */
import { AUDIT_ACTIONS, isAuditAction } from './audit-actions';
import { type AuditEvent, AuditEventError, toAuditFields } from './audit-event';

const staff = { kind: 'staff', id: '0b6f4a62-7f4e-4c1b-9f0e-2d1c3b4a5e6f' } as const;

function refusal(event: unknown): AuditEventError {
  try {
    toAuditFields(event as AuditEvent);
  } catch (error) {
    if (error instanceof AuditEventError) return error;
    throw error;
  }
  throw new Error('the event was accepted');
}

describe('audit events', () => {
  it('turns an event into its columns', () => {
    expect(toAuditFields({ action: 'keys.certify', actor: staff, subject: { type: 'certificate', id: 'kid_AbC-123' }, data: { kind: 'admin', days: 365, expiresSoon: false, deskIds: ['d-1'] } })).toEqual({
      action: 'keys.certify',
      actor_kind: 'staff',
      actor_id: staff.id,
      subject_type: 'certificate',
      subject_id: 'kid_AbC-123',
      data: { kind: 'admin', days: 365, expiresSoon: false, deskIds: ['d-1'] },
    });
    expect(toAuditFields({ action: 'auth.sign_in_failed', actor: { kind: 'anonymous' } })).toEqual({
      action: 'auth.sign_in_failed',
      actor_kind: 'anonymous',
      actor_id: null,
      subject_type: null,
      subject_id: null,
      data: {},
    });
  });

  it('has a typed list of unique action names in the shape the table accepts', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/);
    expect(AUDIT_ACTIONS).toEqual(expect.arrayContaining(['auth.sign_in', 'auth.sign_in_failed', 'keys.certify', 'desk.key_sealed', 'staff.invited', 'case.read']));
    expect(isAuditAction('case.read')).toBe(true);
    expect(isAuditAction('case.delete_everything')).toBe(false);
  });

  it('refuses unknown actions, actor kinds and subject types', () => {
    expect(refusal({ action: 'case.burn', actor: staff }).message).toContain('action');
    expect(refusal({ action: 'case.read', actor: { kind: 'robot' } }).message).toContain('actor.kind');
    expect(refusal({ action: 'case.read', actor: staff, subject: { type: 'planet', id: 'p-1' } }).message).toContain('subject.type');
  });

  it('requires an id for staff and requesters and refuses one for the system and anonymous callers', () => {
    expect(refusal({ action: 'case.read', actor: { kind: 'staff' } }).message).toContain('actor.id');
    expect(refusal({ action: 'case.read', actor: { kind: 'requester', id: '' } }).message).toContain('actor.id');
    expect(refusal({ action: 'auth.sign_in_failed', actor: { kind: 'anonymous', id: '203.0.113.7' } }).message).toContain('anonymous actor has no id');
  });

  it('refuses text anywhere, and never repeats it in the error', () => {
    const secret = 'Aigerim Bekova, Almaty';
    for (const event of [
      { action: 'case.read', actor: staff, data: { note: secret } },
      { action: 'case.read', actor: staff, subject: { type: 'case', id: secret } },
      { action: 'case.read', actor: { kind: 'staff', id: secret } },
      { action: 'case.read', actor: staff, data: { names: ['ok', secret] } },
    ]) {
      const error = refusal(event);
      expect(error.message).not.toContain('Aigerim');
    }
  });

  it('refuses data of the wrong shape or over its limits', () => {
    expect(refusal({ action: 'case.read', actor: staff, data: ['a'] }).message).toContain('plain object');
    expect(refusal({ action: 'case.read', actor: staff, data: { nested: { a: 1 } } }).message).toContain('data.nested');
    expect(refusal({ action: 'case.read', actor: staff, data: { amount: 1.5 } }).message).toContain('safe integer');
    expect(refusal({ action: 'case.read', actor: staff, data: { 'Bad-Key': 1 } }).message).toContain('camelCase');
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i]));
    expect(refusal({ action: 'case.read', actor: staff, data: many }).message).toContain('16 members');
    expect(refusal({ action: 'case.read', actor: staff, data: { ids: Array.from({ length: 33 }, (_, i) => `id-${i}`) } }).message).toContain('32 items');
    const long = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 'x'.repeat(190)]));
    expect(refusal({ action: 'case.read', actor: staff, data: long }).message).toContain('longer than 1024');
  });
});
