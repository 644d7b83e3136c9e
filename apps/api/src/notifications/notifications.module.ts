import { Module } from '@nestjs/common';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';
import { NotificationsController } from './notifications.controller';

/** Staff notifications: what cases raise for them (the store) and their inbox of them (the routes). */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationRepository, NotificationService],
  exports: [NotificationRepository],
})
export class NotificationsModule {}
