/** Staff notification e-mail. What other contexts may use of it: its module and its job names. */
export { MailWorkerModule } from './mail.module';
export { MAIL_JOB_OPTIONS, MAIL_JOBS } from './mail.processor';
export { DIGEST_JOBS, DigestService } from './digest.service';
