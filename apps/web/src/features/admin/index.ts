/** The admin feature's surface: the staff directory and invitations. */
export { InvitePage } from './invite-page';
export { StaffPage } from './staff-page';
