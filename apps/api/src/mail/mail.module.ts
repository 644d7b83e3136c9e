import { Module } from '@nestjs/common';
import { DigestService } from './digest.service';
import { MailProcessor } from './mail.processor';
import { MailRepository } from './mail.repository';
import { MailTransport } from './mail.transport';

/** Staff notification e-mail in the worker: the SMTP adapter and the mail queue's processor. */
@Module({
  providers: [MailTransport, MailRepository, DigestService, MailProcessor],
  exports: [MailTransport],
})
export class MailWorkerModule {}
