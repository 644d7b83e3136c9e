/**
 * First-run setup, invitations and enrolment (docs/identity-api.md): the setup token or the invitation
 * token is the credential; the browser registers a passkey and sends the public keys and the
 * vault it made, and gets a session.
 */
import { z } from 'zod';
import { adminRoleConflict } from '../access-rules';
import { STAFF_ROLES } from '../vocabulary';
import { pseudonymSchema } from './staff';
import { identityInputSchema, registrationResponseSchema, sessionViewSchema, webauthnOptionsSchema } from './auth';
import { defineEndpoint, noContent } from './endpoint';

const token = z.string().min(1).max(64);
/** A person's name as staff see it: no control characters (PostgreSQL refuses NUL; a newline would forge log lines). */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((name) => !/\p{Cc}/u.test(name), { error: 'must not contain control characters' });

export const tokenBodySchema = z.strictObject({ token });
export const setupOptionsSchema = z.strictObject({ token, displayName: displayNameSchema });
/** `pseudonym`: optional, the name requesters will see (issue 16); changeable later (PUT /staff/me/pseudonym). */
export const enrolmentCompleteSchema = z.strictObject({
  token,
  ceremonyId: z.uuid(),
  response: registrationResponseSchema,
  ...identityInputSchema.shape,
  pseudonym: pseudonymSchema.optional(),
});
/** A registration ceremony for a new member, and the id they will have. */
export const enrolmentCeremonySchema = z.object({ ceremonyId: z.string(), options: webauthnOptionsSchema, staffId: z.string() });

/**
 * POST /staff/invitations. The admin role is never mixed with case, finance or programme roles or
 * desk places; an invitation may only make someone the first lead of desks that have no members
 * yet (the api checks that part against the desks; SPEC.md §17.1-17.2). `deskIds` is kept for
 * older clients: each must also be a lead desk.
 */
export const invitationInputSchema = z
  .strictObject({
    displayName: displayNameSchema,
    roles: z.array(z.enum(STAFF_ROLES)).min(1).max(8),
    deskIds: z.array(z.uuid()).max(20).default([]),
    leadDeskIds: z.array(z.uuid()).max(20).default([]),
  })
  .superRefine((invitation, ctx) => {
    const conflict = adminRoleConflict(invitation.roles, invitation.deskIds.length + invitation.leadDeskIds.length);
    if (conflict) ctx.addIssue({ code: 'custom', path: ['roles'], message: conflict });
    if (invitation.leadDeskIds.length > 0 && !invitation.roles.includes('desk_lead')) {
      ctx.addIssue({ code: 'custom', path: ['leadDeskIds'], message: 'to lead a desk, the person needs the desk_lead role' });
    }
    if (invitation.deskIds.some((id) => !invitation.leadDeskIds.includes(id))) {
      ctx.addIssue({ code: 'custom', path: ['deskIds'], message: 'a desk’s members are added by its lead: an invitation may only make someone the first lead of a desk with no members' });
    }
  });
/** The one-time token goes only into the /enrol link the admin hands over. */
export const invitationSchema = z.object({ id: z.string(), token: z.string(), staffId: z.string(), expiresAt: z.string() });

export const setupContract = {
  check: defineEndpoint({ method: 'POST', path: '/api/v1/setup/check', status: 204, body: z.strictObject({ token: z.string().max(64) }), response: noContent }),
  options: defineEndpoint({ method: 'POST', path: '/api/v1/setup/options', status: 200, body: setupOptionsSchema, response: enrolmentCeremonySchema }),
  complete: defineEndpoint({ method: 'POST', path: '/api/v1/setup/complete', status: 201, body: enrolmentCompleteSchema, response: sessionViewSchema }),
} as const;

export const enrolmentContract = {
  /** An admin invites a member of staff (under the staff directory's path). */
  invite: defineEndpoint({ method: 'POST', path: '/api/v1/staff/invitations', status: 201, body: invitationInputSchema, response: invitationSchema }),
  check: defineEndpoint({
    method: 'POST',
    path: '/api/v1/enrol/check',
    status: 200,
    body: tokenBodySchema,
    response: z.object({ displayName: z.string(), roles: z.array(z.string()) }),
  }),
  options: defineEndpoint({ method: 'POST', path: '/api/v1/enrol/options', status: 200, body: tokenBodySchema, response: enrolmentCeremonySchema }),
  complete: defineEndpoint({ method: 'POST', path: '/api/v1/enrol/complete', status: 201, body: enrolmentCompleteSchema, response: sessionViewSchema }),
} as const;
