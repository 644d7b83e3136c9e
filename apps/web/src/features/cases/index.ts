/** The cases feature's surface: its pages, the unread count the console shows, and the request words routing shows. */
export { TYPE_LABELS, countryName, languageName } from './case-labels';
export { CasePage } from './case-page';
export { InboxPage } from './inbox-page';
export { NotificationsPage } from './notifications-page';
export { useUnreadCount } from './unread-notifications';
