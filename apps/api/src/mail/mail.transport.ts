import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { type AsharConfig, ASHAR_CONFIG } from '../config';

/**
 * The e-mail adapter: nodemailer over SMTP (SMTP_URL, e.g. smtp://user:pass@host:587 or
 * smtps://host:465), sending as MAIL_FROM. Off unless SMTP_URL is set. Errors are reported
 * without the server's address or credentials.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transport: Transporter | null;

  constructor(@Inject(ASHAR_CONFIG) private readonly config: AsharConfig) {
    this.transport = config.SMTP_URL ? createTransport(config.SMTP_URL) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Sends one plain-text message to one address. Throws when mail is off or the server refuses. */
  async send(to: string, subject: string, text: string): Promise<void> {
    if (!this.transport) throw new Error('e-mail is not configured (SMTP_URL)');
    try {
      await this.transport.sendMail({ from: this.config.MAIL_FROM, to, subject, text });
    } catch (err) {
      const code = (err as { code?: string; responseCode?: number }).responseCode ?? (err as { code?: string }).code ?? 'error';
      this.logger.warn(`e-mail not sent (${String(code)})`);
      throw new Error(`e-mail not sent (${String(code)})`);
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
