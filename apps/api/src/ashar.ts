import 'reflect-metadata';
import { resolve } from 'node:path';
import { type INestApplication, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ready as cryptoReady } from '@ashar/crypto';
import { useNativeSignatureChecks } from './native-crypto';
import { type AsharLogging, asharLogging, AsharExpressAdapter, securityHeaders } from './http';
import { AppModule } from './app.module';
import { type AsharConfig, ensureDatabase, ensureRedis } from './config';
import { loginBeyondAppRole, migrateDatabase, ownerDatabaseUrl } from './database';
import { mountServerPages, mountWebApp, releaseProblem } from './web';

const BODY_LIMIT = '64kb';
// Routes that carry one case record (up to 96 KiB of ciphertext, base64url): intake, notes, messages.
const RECORD_BODY_LIMIT = '192kb';
const RECORD_ROUTES = /^\/api\/v1\/(intake|cases\/[^/]+\/(notes|messages)|requester\/case\/messages|calls\/[^/]+\/applications|requester\/application\/versions|referee\/letter)\/?$/;
// A re-seal batch: up to 20 cases, each with the keys of its new epoch sealed to every desk holding it (at most 35 envelopes).
const RESEAL_BODY_LIMIT = '512kb';
const RESEAL_ROUTE = /^\/api\/v1\/desks\/[^/]+\/reseal\/?$/;

export interface RunningAshar {
  /** The Nest application (an HTTP app unless the role is worker). */
  app: INestApplication | INestApplicationContext;
  /** The HTTP URL the api listens on, when it serves HTTP. */
  url?: string;
  close(): Promise<void>;
}

/**
 * Starts Ashar in the configured role: checks PostgreSQL and Redis, applies
 * migrations through the owner connection, then serves HTTP (api), relays the outbox and runs jobs (worker), or both.
 * Throws ServiceUnavailableError with a one-line reason when a service is missing.
 */
export async function startAshar(config: AsharConfig, options: { listen?: boolean; logTo?: string } = {}): Promise<RunningAshar> {
  await ensureDatabase({ DATABASE_URL: ownerDatabaseUrl(config) });
  await ensureRedis(config);
  await cryptoReady(); // libsodium, for the format checks the api makes on what clients send
  useNativeSignatureChecks(); // signature checks in native libsodium when it loads (native-crypto.ts)
  // Before the app exists: its pool acts as a role that the migrations create.
  const applied = config.MIGRATE_ON_START ? await migrateDatabase(config) : [];

  // A test may send the log lines to a file (`logTo`), to read back what the api wrote; closing the app then closes it too.
  const logging = asharLogging(config.LOG_LEVEL, options.logTo ?? 1);
  const closeLog = options.logTo === undefined ? () => Promise.resolve() : () => logging.close();
  const module = AppModule.forRoot(config, logging);
  if (config.ASHAR_ROLE === 'worker') {
    const app = await NestFactory.createApplicationContext(module, { bufferLogs: true });
    app.useLogger(app.get(Logger));
    logMigrations(app, applied);
    app.enableShutdownHooks();
    await app.init();
    await warnAboutLogin(app);
    return { app, close: () => app.close() };
  }

  const app = await NestFactory.create<NestExpressApplication>(module, new AsharExpressAdapter(), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  logMigrations(app, applied);
  configureHttp(app, config, logging);
  app.enableShutdownHooks();
  if (options.listen === false) {
    await app.init();
    await warnAboutLogin(app);
    return { app, close: () => app.close().then(closeLog) };
  }
  await app.init();
  await warnAboutLogin(app);
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${address.port}`, close: () => app.close().then(closeLog) };
}

/** Says at start when the api's login could leave the app role (docs/audit.md): it works, but the audit log is only as safe as that login. */
async function warnAboutLogin(app: INestApplicationContext): Promise<void> {
  const dataSource = app.get(DataSource);
  const beyond = await loginBeyondAppRole((text) => dataSource.query(text));
  if (beyond) {
    app.get(Logger).warn(
      `${beyond}: SQL run through the api could leave the app role and rewrite the audit log. Give the api a login of its own, DATABASE_URL as the app role and DATABASE_OWNER_URL for migrations (docs/audit.md)`,
      'Database',
    );
  }
}

function logMigrations(app: INestApplicationContext, applied: string[]): void {
  if (applied.length > 0) app.get(Logger).log(`applied migrations: ${applied.join(', ')}`, 'Migrations');
}

function configureHttp(app: NestExpressApplication, config: AsharConfig, logging: AsharLogging): void {
  app.use(logging.requests); // first, so that every request is logged and timed whole
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // No ETag on api answers: they are all Cache-Control: no-store, so hashing each body for a
  // validator no client may use was pure cost (the web app's static files keep theirs).
  app.set('etag', false);
  app.use(securityHeaders());
  // The record routes get a larger limit first; body-parser then skips a body already read.
  const recordBodies = json({ limit: RECORD_BODY_LIMIT });
  const resealBodies = json({ limit: RESEAL_BODY_LIMIT });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    if (RECORD_ROUTES.test(req.path)) return recordBodies(req, res, next);
    if (RESEAL_ROUTE.test(req.path)) return resealBodies(req, res, next);
    return next();
  });
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.setGlobalPrefix('api');
  app.use('/api', (_req: unknown, res: { setHeader(n: string, v: string): void }, next: () => void) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const openapi = new DocumentBuilder()
    .setTitle('Ashar API')
    .setDescription('End-to-end encrypted case management. The server stores and routes ciphertext only.')
    .setVersion('1')
    .build();
  if (config.API_DOCS ?? config.NODE_ENV !== 'production') {
    SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openapi), { jsonDocumentUrl: 'api/docs/openapi.json' });
  }
  // Before the web app: the pages without JavaScript and the quick-exit page are rendered, not files.
  mountServerPages(app.getHttpAdapter().getInstance(), { exitUrl: config.EXIT_URL, formEnabled: config.NOSCRIPT_INTAKE });
  const webDist = config.WEB_DIST ?? resolve(__dirname, '../web');
  if (!mountWebApp(app.getHttpAdapter().getInstance(), webDist, config.ONION_URL, { precompressed: config.STATIC_PRECOMPRESSED })) {
    if (config.NODE_ENV === 'production') app.get(Logger).warn(`web app not found at ${webDist}; run npm run build`, 'Web');
  } else if (config.ROOT_PUBLIC_KEY) {
    const problem = releaseProblem(webDist, config.ROOT_PUBLIC_KEY);
    if (problem) app.get(Logger).warn(problem, 'Web');
  }
}
