/** A member of staff's in-app notifications and their notification e-mail address. */
import { z } from 'zod';
import { INBOX_PAGE_MAX, idSchema, staffNotificationViewSchema } from '../case-api';
import { defineEndpoint, noContent } from './endpoint';

export const notificationQuerySchema = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(INBOX_PAGE_MAX).default(50),
});

export const notificationPageSchema = z.object({
  items: z.array(staffNotificationViewSchema),
  /** Opaque cursor of the next page (`before=`), null on the last page. */
  next: z.string().nullable(),
});
export type NotificationPage = z.infer<typeof notificationPageSchema>;

/** The caller's address, and whether this installation sends e-mail at all (SMTP_URL). */
export const emailSettingsSchema = z.object({ email: z.string().nullable(), mailEnabled: z.boolean() });
export type EmailSettings = z.infer<typeof emailSettingsSchema>;

/**
 * The caller's daily digest e-mail (issue 16; off by default): how many unread notifications of which
 * kinds wait, no content. Sent at `hourUtc` to the notification address, when e-mail is on.
 */
export const digestSettingsSchema = z.object({ enabled: z.boolean(), mailEnabled: z.boolean(), hourUtc: z.number() });
export type DigestSettings = z.infer<typeof digestSettingsSchema>;

export const notificationsContract = {
  list: defineEndpoint({ method: 'GET', path: '/api/v1/notifications', status: 200, query: notificationQuerySchema, response: notificationPageSchema }),
  markRead: defineEndpoint({ method: 'POST', path: '/api/v1/notifications/:id/read', status: 204, params: z.strictObject({ id: idSchema }), response: noContent }),
  email: defineEndpoint({ method: 'GET', path: '/api/v1/notifications/email', status: 200, response: emailSettingsSchema }),
  setEmail: defineEndpoint({
    method: 'PUT',
    path: '/api/v1/notifications/email',
    status: 204,
    body: z.strictObject({ email: z.email().max(254).nullable() }),
    response: noContent,
  }),
  digest: defineEndpoint({ method: 'GET', path: '/api/v1/notifications/digest', status: 200, response: digestSettingsSchema }),
  setDigest: defineEndpoint({ method: 'PUT', path: '/api/v1/notifications/digest', status: 204, body: z.strictObject({ enabled: z.boolean() }), response: noContent }),
} as const;
