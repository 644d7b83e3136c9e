/** The cases feature's surface: its pages, and the unread count the console shows. */
export { CasePage } from './case-page';
export { InboxPage } from './inbox-page';
export { NotificationsPage } from './notifications-page';
export { useUnreadCount } from './unread-notifications';
