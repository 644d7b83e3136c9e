import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { type StaffNotificationKind } from '@ashar/domain';
import { type Queue } from 'bullmq';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { QUEUES } from '../jobs';
import { renderDigestMail } from './digest-mail';
import { MailRepository } from './mail.repository';
import { MailTransport } from './mail.transport';
import { consoleUrl } from './staff-mail';

export const DIGEST_JOBS = {
  /** The repeatable sweep: one `send-digest` per member of staff who has one due. */
  sweep: 'digest',
  /** { staffId }: one digest to one member of staff. */
  send: 'send-digest',
} as const;

const SEND_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 24 * 3600, count: 10000 }, removeOnFail: { age: 7 * 24 * 3600 } };

/**
 * The optional daily digest of unread notifications (issue 16; off by default, each member of
 * staff turns it on): one e-mail per period to each opted-in member with unread notifications
 * newer than their last digest, saying how many of which kinds wait. Job data holds ids only.
 */
@Injectable()
export class DigestService {
  constructor(
    private readonly repository: MailRepository,
    private readonly mail: MailTransport,
    @InjectQueue(QUEUES.mail) private readonly queue: Queue,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {}

  /** The repeatable sweep (daily at NOTIFICATION_DIGEST_HOUR_UTC); one scheduler id for every worker. */
  async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(DIGEST_JOBS.sweep, { pattern: `0 ${this.config.NOTIFICATION_DIGEST_HOUR_UTC} * * *`, tz: 'UTC' }, { name: DIGEST_JOBS.sweep, data: {} });
  }

  /** Queues one digest per due recipient; `period` names the sweep, so a sweep run twice queues once. */
  async sweep(period: string): Promise<number> {
    if (!this.mail.enabled) return 0;
    const recipients = await this.repository.digestRecipients();
    await this.queue.addBulk(recipients.map((staffId) => ({ name: DIGEST_JOBS.send, data: { staffId }, opts: { ...SEND_OPTIONS, jobId: `digest.${period}.${staffId}` } })));
    return recipients.length;
  }

  /** Sends one digest (at send time: what is unread now), then marks what it counted; nothing new, nothing sent. */
  async send(staffId: string): Promise<'sent' | 'nothing-new' | 'not-opted-in'> {
    const digest = await this.repository.digestOf(staffId);
    if (!digest) return 'not-opted-in';
    if (digest.fresh.length === 0) return 'nothing-new';
    const message = renderDigestMail(digest.counts as Partial<Record<StaffNotificationKind, number>>, consoleUrl(this.config.PUBLIC_URL, digest.language), digest.language);
    await this.mail.send(digest.address, message.subject, message.text);
    await this.repository.markDigestSent(staffId, digest.fresh);
    return 'sent';
  }
}
