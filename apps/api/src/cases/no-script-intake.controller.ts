import { Controller, HttpCode, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type QueryOf, DomainError, GeneralError, NO_SCRIPT_CHANNEL, intakeContract as c, noScriptRequestSchema } from '@ashar/domain';
import express, { type Request, type Response } from 'express';
import { type AsharConfig, ASHAR_CONFIG, allowedOrigins } from '../config';
import { ContractQuery } from '../http';
import { Public } from '../policy';
import { RedisUnavailableError } from '../redis';
import { type NoScriptError, type NoScriptValues, noScriptFormPage, noScriptSentPage, pageLanguage, sendPage } from '../web';
import { NoScriptBudgetSpent, NoScriptIntakeService } from './no-script-intake.service';

/**
 * Most bytes of the form's body: the longest text and contact details, every character
 * percent-encoded as the four bytes of UTF-8 (4 × 3 characters for 2 UTF-16 units at worst,
 * 9 characters for one unit of 3 bytes), and the selects.
 */
export const NO_SCRIPT_BODY_LIMIT = 128 * 1024;
const FIELDS = ['type', 'country', 'preferredLanguage', 'description', 'contactDetails'] as const;

/** Reads the urlencoded body within the limit; 'tooLong' past it, 'invalid' for anything else that does not parse. */
function readForm(req: Request, res: Response): Promise<Record<string, unknown> | 'tooLong' | 'invalid'> {
  const parse = express.urlencoded({ extended: false, limit: NO_SCRIPT_BODY_LIMIT, parameterLimit: FIELDS.length * 2, type: 'application/x-www-form-urlencoded' });
  return new Promise((resolve) => {
    parse(req, res, (err?: unknown) => {
      if (err) return resolve((err as { type?: string }).type === 'entity.too.large' ? 'tooLong' : 'invalid');
      const body = req.body as unknown;
      resolve(typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : 'invalid');
    });
  });
}

/** One value per field, as text; a repeated field (an array) is refused. */
function valuesOf(body: Record<string, unknown>): NoScriptValues | null {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!(FIELDS as readonly string[]).includes(name)) return null;
    if (typeof value !== 'string') return null;
    values[name] = value.replace(/\r\n/g, '\n');
  }
  return values;
}

@ApiTags('cases')
@Controller('v1/intake')
export class NoScriptIntakeController {
  private readonly logger = new Logger(NoScriptIntakeController.name);
  private readonly origins: ReadonlySet<string>;

  constructor(
    private readonly noScript: NoScriptIntakeService,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {
    this.origins = new Set(allowedOrigins(config));
  }

  @Post('no-script')
  @HttpCode(200)
  @Public('the form without JavaScript (NOSCRIPT_INTAKE): anyone may ask for help, anonymously; a global budget per minute limits it')
  @ApiOperation({ summary: 'The form without JavaScript: the api seals the request as the portal would and answers with an HTML page (the receipt code, once)' })
  async submit(@ContractQuery(c.noScript) query: QueryOf<typeof c.noScript>, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.config.NOSCRIPT_INTAKE) throw new DomainError(GeneralError.NotFound);
    const language = pageLanguage(query.lang, req.header('accept-language'));
    const page = (status: number, error: NoScriptError, values?: NoScriptValues) => sendPage(res, status, noScriptFormPage(language, { exitUrl: this.config.EXIT_URL, error, ...(values ? { values } : {}) }));
    // Same-origin only; `Origin: null` is what a form sends under Referrer-Policy: no-referrer.
    const origin = req.header('origin');
    if (origin !== undefined && origin !== 'null' && !this.origins.has(origin)) return page(403, 'unavailable');

    const body = await readForm(req, res);
    if (body === 'tooLong') return page(413, 'tooLong');
    if (body === 'invalid') return page(400, 'invalid');
    const values = valuesOf(body);
    if (!values) return page(400, 'invalid');
    const form = noScriptRequestSchema.safeParse({
      type: values.type,
      channel: NO_SCRIPT_CHANNEL,
      country: values.country,
      preferredLanguage: values.preferredLanguage,
      description: values.description,
      ...(values.contactDetails ? { contactDetails: values.contactDetails } : {}),
    });
    if (!form.success) {
      const tooLong = form.error.issues.some((issue) => issue.code === 'too_big');
      return page(tooLong ? 413 : 422, tooLong ? 'tooLong' : 'invalid', values);
    }
    if (!form.data.description?.trim()) return page(422, 'invalid', values);

    try {
      await this.noScript.spend();
    } catch (err) {
      if (err instanceof NoScriptBudgetSpent) {
        res.setHeader('Retry-After', '60');
        return page(429, 'busy', values);
      }
      if (err instanceof RedisUnavailableError) return page(503, 'unavailable', values);
      throw err;
    }

    let code: string;
    try {
      ({ code } = await this.noScript.submit(form.data));
    } catch (err) {
      // Never the text, nor a message that could hold it: the kind of failure only.
      const known = err instanceof DomainError;
      if (!known) this.logger.error(`the form without JavaScript failed: ${err instanceof Error ? err.name : 'unknown error'}`);
      return page(known && err.code === GeneralError.Validation ? 422 : 503, known && err.code === GeneralError.Validation ? 'invalid' : 'unavailable', values);
    }
    sendPage(res, 200, noScriptSentPage(language, { exitUrl: this.config.EXIT_URL, code }));
  }
}
