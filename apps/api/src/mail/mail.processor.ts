import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, type Queue } from 'bullmq';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { QUEUES, reportRedisErrors } from '../jobs';
import { DIGEST_JOBS, DigestService } from './digest.service';
import { MailRepository } from './mail.repository';
import { MailTransport } from './mail.transport';
import { STAFF_MAIL_KINDS, type StaffMailKind, consoleUrl, renderStaffMail } from './staff-mail';

export const MAIL_JOBS = {
  /** { kind, caseId, deskId? }: find the recipients and queue one `send` each. */
  notifyDesk: 'notify-desk',
  /** { kind, deskId, staffId }: one message to one member of staff. */
  send: 'send',
} as const;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JOB_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 24 * 3600, count: 10000 }, removeOnFail: { age: 7 * 24 * 3600 } };

function field(job: Job, name: string, optional = false): string | undefined {
  const value = (job.data as Record<string, unknown> | undefined)?.[name];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || !ID.test(value)) throw new Error(`${job.name}: malformed job data`);
  return value;
}

function kindOf(job: Job): StaffMailKind {
  const kind = (job.data as { kind?: unknown } | undefined)?.kind;
  if (!STAFF_MAIL_KINDS.includes(kind as StaffMailKind)) throw new Error(`${job.name}: malformed job data`);
  return kind as StaffMailKind;
}

/**
 * Staff notification e-mails: a desk notice fans out to one job per recipient (so a failing
 * address is retried alone and a retry never mails the others twice), and each of those sends
 * one message rendered at send time. Job data holds ids only; with mail off, nothing is queued.
 */
@Processor(QUEUES.mail)
export class MailProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MailProcessor.name);

  constructor(
    private readonly mail: MailTransport,
    private readonly repository: MailRepository,
    @InjectQueue(QUEUES.mail) private readonly queue: Queue,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    private readonly digests: DigestService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    reportRedisErrors(this.worker, this.logger, `worker ${QUEUES.mail}`);
    // The daily notification digest, only where e-mail is on.
    if (this.mail.enabled) await this.digests.schedule();
  }

  async process(job: Job): Promise<{ outcome: string; queued?: number }> {
    if (!this.mail.enabled) return { outcome: 'mail-off' };
    switch (job.name) {
      case MAIL_JOBS.notifyDesk: {
        const kind = kindOf(job);
        const caseId = field(job, 'caseId')!;
        const deskId = field(job, 'deskId', true) ?? (await this.repository.ownerDeskOf(caseId));
        if (!deskId) return { outcome: 'gone' };
        const recipients = await this.repository.recipients(deskId, kind === 'new_case' ? 'members' : 'leads');
        await this.queue.addBulk(
          recipients.map((staffId) => ({ name: MAIL_JOBS.send, data: { kind, deskId, staffId }, opts: { ...JOB_OPTIONS, jobId: `${String(job.id)}.${staffId}` } })),
        );
        return { outcome: 'queued', queued: recipients.length };
      }
      case MAIL_JOBS.send: {
        const kind = kindOf(job);
        const deskId = field(job, 'deskId')!;
        const staffId = field(job, 'staffId')!;
        const [recipient, deskName] = await Promise.all([this.repository.addressOf(staffId), this.repository.deskName(deskId)]);
        if (!recipient || !deskName) return { outcome: 'no-address' };
        const message = renderStaffMail(kind, deskName, consoleUrl(this.config.PUBLIC_URL, recipient.language), recipient.language);
        await this.mail.send(recipient.address, message.subject, message.text);
        return { outcome: 'sent' };
      }
      case DIGEST_JOBS.sweep: {
        const queued = await this.digests.sweep(String(job.timestamp));
        return { outcome: 'queued', queued };
      }
      case DIGEST_JOBS.send:
        return { outcome: await this.digests.send(field(job, 'staffId')!) };
      default:
        throw new Error(`unknown mail job ${job.name}`);
    }
  }
}

/** Options of a desk notice added straight to the mail queue (not through the outbox). */
export const MAIL_JOB_OPTIONS = JOB_OPTIONS;
