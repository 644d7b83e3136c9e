import { z } from 'zod';

/** Which parts of the build this process runs. */
export const ROLES = ['api', 'worker', 'all'] as const;
export type ProcessRole = (typeof ROLES)[number];

const url = (protocols: string[]) =>
  z.string().max(2048).refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const schema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  ASHAR_ROLE: z.enum(ROLES).default('all'),
  HOST: z.string().max(255).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000), // 0: any free port (tests)
  PUBLIC_URL: url(['http:', 'https:']).default('http://localhost:3000'),
  /**
   * The onion service's address (an http(s) URL whose host ends in ".onion"); accepted as an origin
   * wherever PUBLIC_URL is, and announced in an Onion-Location header on the clear site's pages.
   * ONION_URL_ANY_HOST=true lets a test stand another host in for the onion (never in production).
   */
  ONION_URL: url(['http:', 'https:']).optional(),
  ONION_URL_ANY_HOST: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /**
   * Where the portal's quick exit goes: an http(s) address, or a path of this deployment (the
   * neutral local page by default). The portal reads it from GET /api/v1/intake/config.
   */
  EXIT_URL: z
    .string()
    .max(2048)
    .refine((value) => /^\/[^/\\]/.test(value) || url(['http:', 'https:']).safeParse(value).success, { message: 'must be a path starting with one "/" or a URL starting with http:// or https://' })
    .default('/about-weather.html'),
  /**
   * The api's login: the app role (DATABASE_ROLE), never the owner. Unset: the owner URL's server
   * and database (the local cluster's by default) logged in as DATABASE_ROLE without a password.
   */
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  /** Owner connection for migrations only; defaults to DATABASE_URL when that is set (one login for both, weaker: see docs/audit.md). */
  DATABASE_OWNER_URL: url(['postgres:', 'postgresql:']).optional(),
  /** The role the runtime pool acts as (SET ROLE at connect); created by the migrations, it cannot alter the audit log. */
  DATABASE_ROLE: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a role name of 1-63 characters of a-z, 0-9 and "_"').default('ashar_app'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[a-z0-9][a-z0-9:_-]{0,63}$/, 'must be 1-64 characters of a-z, 0-9, ":", "_" or "-"').default('ashar'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().max(1024).optional(),
  /** Send the brotli/gzip copies the web build made of its files to browsers that accept them; false sends every file as it is (a benchmark's baseline). */
  STATIC_PRECOMPRESSED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  MIGRATE_ON_START: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Serve the OpenAPI description at /api/docs; unset: everywhere but production (it maps the attack surface). */
  API_DOCS: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  SETUP_TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60000).default(500),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
  RP_NAME: z.string().min(1).max(64).default('Ashar'),
  /** The organisation root public key (base64url Ed25519), as printed by `ashar root init`. */
  ROOT_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the 43-character base64url root public key').optional(),
  /** The receipt-key salt; unset: the one stored for this deployment at its first start (database/instance-id.ts). */
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-"').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  COOKIE_SECURE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  /** Days a closed case is kept before its ciphertexts, files and key envelopes are purged (domain.md: 90). */
  CASE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Per-type retention overrides (days); unset means CASE_RETENTION_DAYS. Applied when a case is closed. */
  RETENTION_DAYS_PSYCHOLOGICAL: z.coerce.number().int().min(1).max(3650).optional(),
  RETENTION_DAYS_LEGAL: z.coerce.number().int().min(1).max(3650).optional(),
  RETENTION_DAYS_MEDICAL: z.coerce.number().int().min(1).max(3650).optional(),
  RETENTION_DAYS_RELOCATION: z.coerce.number().int().min(1).max(3650).optional(),
  /** How often the worker's retention job looks for closed cases past their purge date. */
  RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /** Years the finance records of a finished grant keep its payee details, envelopes and reports before they are shredded (the ledger stays). */
  FINANCE_RETENTION_YEARS: z.coerce.number().int().min(1).max(50).default(7),
  /** How often the worker looks for overdue grant reports and grants due for the finance retention. */
  GRANT_SWEEP_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /** Most receipts and photos one grant report may carry, and the largest encrypted size of one (default 100 MiB). */
  GRANT_REPORT_FILES_MAX: z.coerce.number().int().min(1).max(50).default(20),
  GRANT_FILE_MAX_BYTES: z.coerce.number().int().min(17).max(2 ** 40).default(100 * 1024 ** 2),
  /** Largest encrypted size of one attached file (default 2 GiB), and most files per case. */
  FILE_MAX_BYTES: z.coerce.number().int().min(17).max(2 ** 40).default(2 * 1024 ** 3),
  FILES_PER_CASE_MAX: z.coerce.number().int().min(1).max(10000).default(100),
  /**
   * What one requester may store across their case's files and their grant reports' files (encrypted
   * bytes as declared at creation, complete or not), and how many such files; checked before anything is stored.
   */
  REQUESTER_STORAGE_MAX_BYTES: z.coerce.number().int().min(17).max(2 ** 44).default(200 * 1024 ** 2),
  REQUESTER_FILES_MAX: z.coerce.number().int().min(1).max(10000).default(20),
  /** Chunk uploads one requester session may send per minute (each chunk is up to 64 KiB of ciphertext). */
  REQUESTER_CHUNKS_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(1200),
  /** Hours after which an upload never completed (case or grant report file) is removed with its blobs by the worker. */
  INCOMPLETE_UPLOAD_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /** Where file ciphertext is kept: a directory (fs) or the database (postgres). */
  BLOB_STORE: z.enum(['fs', 'postgres']).default('fs'),
  BLOB_DIR: z.string().min(1).max(1024).default('var/blobs'),
  /** E-mail notifications to staff (no case content, ever): off unless an SMTP server is given. */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).max(254).regex(/^[^\r\n]+$/, 'must be one line').default('Ashar <no-reply@localhost>'),
  /** The hour (UTC) of the daily notification digest e-mail, for staff who turned it on (counts by kind only). */
  NOTIFICATION_DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(6),
  /**
   * Proof of work on the anonymous actions (docs/decisions.md "Proof of work"): budgets per minute
   * for everyone together (beyond them the action answers 503 `busy` with Retry-After), the
   * largest counter of a challenge at normal load (the solver tries half as many SHA-256 hashes on
   * average; each step multiplies it by 4), the challenges per minute per action that make one
   * step (steps at 1, 4 and 16 times it), and the HMAC secret (at least 32 characters; unset: one
   * made at first start and shared by every api process through Redis).
   */
  INTAKE_LIMIT_TOTAL: z.coerce.number().int().min(1).max(1000000).default(600),
  REQUESTER_SIGN_IN_LIMIT_TOTAL: z.coerce.number().int().min(1).max(1000000).default(600),
  FILE_CREATE_LIMIT_TOTAL: z.coerce.number().int().min(1).max(1000000).default(600),
  POW_BASE_MAX_NUMBER: z.coerce.number().int().min(1000).max(10_000_000).default(10_000),
  POW_LOAD_STEP: z.coerce.number().int().min(1).max(1_000_000).default(60),
  POW_SECRET: z.string().min(32).max(512).optional(),
  /** Staff passkey sign-ins per minute for everyone together (each account has 10 of its own); beyond, 429. */
  STAFF_SIGN_IN_LIMIT_TOTAL: z.coerce.number().int().min(1).max(1000000).default(600),
  /**
   * The form without JavaScript (Tor Browser at "Safest", docs/portal.md "Safest level"): off by
   * default, as the server sees its text for a moment. Needs ROOT_PUBLIC_KEY, to which the api
   * verifies the desks' keys before it seals, as a browser does.
   */
  NOSCRIPT_INTAKE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Requests the form without JavaScript takes per minute from everyone together: its only defence (no proof of work without JavaScript). */
  NOSCRIPT_INTAKE_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(10),
  /** Where the worker writes signed checkpoints of the audit chain's head (append-only; docs/audit.md). */
  AUDIT_CHECKPOINT_DIR: z.string().min(1).max(1024).default('var/audit-checkpoints'),
  /** The checkpoint signing key (`ack1.` file, mode 0600), made at the worker's first start if missing. */
  AUDIT_CHECKPOINT_KEY_FILE: z.string().min(1).max(1024).default('var/keys/audit-checkpoint.key'),
  /** How often the worker checkpoints the audit chain's head. */
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
});

export type AsharConfig = Omit<z.infer<typeof schema>, 'DATABASE_URL'> & { DATABASE_URL: string };

/** The local cluster's owner login, used for migrations when neither database URL is configured. */
export const LOCAL_OWNER_URL = 'postgres://postgres@127.0.0.1:5432/ashar';

/** Thrown when the environment is invalid; `problems` holds one readable line per bad or missing value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration from an environment (process.env by default).
 * Throws ConfigError listing every bad value; never echoes a value back, as some are secrets.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AsharConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success && parsed.data.ONION_URL !== undefined) {
    const problem = onionUrlProblem(parsed.data.ONION_URL, parsed.data.ONION_URL_ANY_HOST && parsed.data.NODE_ENV !== 'production');
    if (problem) throw new ConfigError([`ONION_URL: ${problem}`]);
  }
  if (parsed.success && parsed.data.NOSCRIPT_INTAKE && parsed.data.ROOT_PUBLIC_KEY === undefined) {
    throw new ConfigError(['NOSCRIPT_INTAKE: needs ROOT_PUBLIC_KEY, to verify the desks’ keys before the api seals a request to them']);
  }
  if (parsed.success) {
    const { DATABASE_URL, DATABASE_OWNER_URL, ...rest } = parsed.data;
    if (DATABASE_URL !== undefined) return { ...rest, DATABASE_URL, ...(DATABASE_OWNER_URL === undefined ? {} : { DATABASE_OWNER_URL }) };
    // No app login configured: the owner's server and database (the local cluster's by default),
    // logged in as the app role itself without a password (LOGIN given by migration 1763700005000
    // where the owner may; trust or peer authentication, as on a development machine).
    const owner = DATABASE_OWNER_URL ?? LOCAL_OWNER_URL;
    const app = new URL(owner);
    app.username = rest.DATABASE_ROLE;
    app.password = '';
    return { ...rest, DATABASE_URL: app.toString(), DATABASE_OWNER_URL: owner };
  }
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(problems);
}

/** Why an ONION_URL cannot be used, or null: an origin (no path, query or credentials) on a .onion host. */
function onionUrlProblem(raw: string, anyHost: boolean): string | null {
  const u = new URL(raw);
  if (!anyHost && !u.hostname.endsWith('.onion')) return 'must be an http(s) URL whose host ends in ".onion"';
  if (u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '' || (u.pathname !== '/' && u.pathname !== '')) {
    return 'must be an origin only (scheme, host and port; no path, query or credentials)';
  }
  return null;
}

/** The origins the browser may send on a state-changing request: the clear site's and, when set, the onion's. */
export function allowedOrigins(config: Pick<AsharConfig, 'PUBLIC_URL' | 'ONION_URL'>): string[] {
  const origins = [new URL(config.PUBLIC_URL).origin];
  if (config.ONION_URL !== undefined) origins.push(new URL(config.ONION_URL).origin);
  return origins;
}

/** The connection target of a URL without credentials, safe to print. */
export function describeTarget(raw: string): string {
  const u = new URL(raw);
  const db = u.pathname.length > 1 ? u.pathname : '';
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? '6379' : '5432')}${db}`;
}
