import { ADMIN_EXCLUSIVE_ROLES, adminRoleConflict, countsAsClosing } from './access-rules';
import { invitationInputSchema } from './contracts/enrolment';
import { STAFF_ROLES } from './vocabulary';

const DESK = '0b0c7a44-3b0e-4f55-9d0b-0c2b6c9f3e11';

describe('admin is exclusive', () => {
  test('admin alone, or with auditor, is fine; with any case, finance or programme role or a desk place it is not', () => {
    expect(adminRoleConflict(['admin'])).toBeNull();
    expect(adminRoleConflict(['admin', 'auditor'])).toBeNull();
    expect(adminRoleConflict(['caseworker', 'desk_lead'], 2)).toBeNull();
    for (const role of ADMIN_EXCLUSIVE_ROLES) expect(adminRoleConflict(['admin', role])).toMatch(new RegExp(`never combined with ${role}`));
    expect(adminRoleConflict(['admin'], 1)).toMatch(/never a member or lead of a desk/);
    expect(STAFF_ROLES.filter((r) => r !== 'admin' && r !== 'auditor').sort()).toEqual([...ADMIN_EXCLUSIVE_ROLES].sort());
  });

  test('an invitation mixing admin with case roles or desks is refused by the shared schema, naming the reason', () => {
    const refused = (body: object) => {
      const result = invitationInputSchema.safeParse({ displayName: 'Stand-in', ...body });
      expect(result.success).toBe(false);
      return result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    };
    expect(refused({ roles: ['admin', 'caseworker'] })).toEqual(['roles: the admin role is never combined with caseworker: invite a separate person for that work']);
    expect(refused({ roles: ['admin', 'desk_lead'], leadDeskIds: [DESK] })[0]).toMatch(/^roles: the admin role is never combined with desk_lead/);
    expect(refused({ roles: ['admin'], leadDeskIds: [DESK] })).toContain('roles: an admin is never a member or lead of a desk: invite a separate person for that work');
    expect(refused({ roles: ['caseworker'], leadDeskIds: [DESK] })).toEqual(['leadDeskIds: to lead a desk, the person needs the desk_lead role']);
    expect(refused({ roles: ['caseworker'], deskIds: [DESK] })[0]).toMatch(/^deskIds: a desk’s members are added by its lead/);
    expect(invitationInputSchema.safeParse({ displayName: 'Lead', roles: ['caseworker', 'desk_lead'], deskIds: [DESK], leadDeskIds: [DESK] }).success).toBe(true);
    expect(invitationInputSchema.safeParse({ displayName: 'Admin', roles: ['admin'] }).success).toBe(true);
  });
});

test('closing and declining count towards the mass-closing step-up; other moves do not', () => {
  expect(['closed', 'declined'].map(countsAsClosing)).toEqual([true, true]);
  expect(['triaged', 'resolved', 'in_progress', undefined, 42].map(countsAsClosing)).toEqual([false, false, false, false, false]);
});
