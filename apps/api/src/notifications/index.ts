/** Staff notifications. What other contexts may use of them. */
export { NotificationRepository } from './notification.repository';
export { NotificationsModule } from './notifications.module';
