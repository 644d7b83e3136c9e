import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { STAFF_ACCESS_CHANNEL } from '../migrations';
import { type StaffAccess, StaffRepository } from './staff.repository';

/** How long a member's access is served from memory at most, whatever happens to the notifications. */
export const ACCESS_TTL_MS = 10_000;
/** Members kept at most (the oldest entry goes first). */
const MAX_ENTRIES = 10_000;
/** How often the listening connection is checked, and how long it may take to answer. */
const HEARTBEAT_MS = 5_000;
const RECONNECT_MS = [100, 500, 1_000, 2_000, 5_000];

/** What the cache reads a member's access from (the StaffRepository). */
export interface AccessSource {
  access(staffId: string): Promise<StaffAccess | null>;
}

/** What the cache listens to: a connection that delivers STAFF_ACCESS_CHANNEL's notifications. */
export interface AccessListener {
  /** Connects and listens; resolves once PostgreSQL has confirmed the LISTEN. */
  start(onChange: (staffId: string) => void, onLost: (err?: Error) => void): Promise<void>;
  /** Answers when the connection is alive (a round trip on it). */
  ping(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Every signed-in staff request needs the member's roles, status and desks (the ability is
 * built from them): one PostgreSQL round trip each time, a seventh of a triage page's time.
 * This keeps them in memory and drops a member's the moment PostgreSQL says they changed:
 * triggers on staff_members and desk_members notify STAFF_ACCESS_CHANNEL with the member's id
 * at commit, whoever changed them, and this process listens on its own connection.
 *
 * It serves from memory only while it listens. A read started before a notification arrived
 * does not fill the cache (the generation counts notifications, reconnections and losses), so
 * an old read never outlives the change. When the connection is lost, or stops answering the
 * heartbeat, everything is forgotten and every request reads PostgreSQL until listening again.
 * An entry lives ACCESS_TTL_MS at most. What a change can meet is what it always met: a request
 * already past its check, and the moments PostgreSQL takes to deliver the notification to this
 * process (the api's own changes also drop the entry themselves, after their commit).
 */
export class AccessCache {
  private readonly entries = new Map<string, { access: StaffAccess; until: number }>();
  private generation = 0;
  private listening = false;
  private stopped = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private failures = 0;
  private readonly changeListeners = new Set<(staffId: string) => void>();

  constructor(
    private readonly source: AccessSource,
    private readonly listener: AccessListener,
    private readonly logger: Pick<Logger, 'warn' | 'log'> = new Logger('StaffAccessCache'),
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts listening (in the background: until it listens, every read goes to PostgreSQL). */
  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.lose();
    clearTimeout(this.reconnect);
    await this.listener.stop().catch(() => undefined);
  }

  /** A member's access: from memory when it can be, else from PostgreSQL (null: no such member). */
  async get(staffId: string): Promise<StaffAccess | null> {
    if (this.listening) {
      const hit = this.entries.get(staffId);
      if (hit && hit.until > this.now()) return hit.access;
    }
    const generation = this.generation;
    const access = await this.source.access(staffId);
    if (access && this.listening && generation === this.generation) {
      this.entries.delete(staffId);
      this.entries.set(staffId, { access, until: this.now() + ACCESS_TTL_MS });
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    }
    return access;
  }

  /** Forgets a member's access (the api calls it after committing a change; the notification follows). */
  invalidate(staffId: string): void {
    this.generation += 1;
    this.entries.delete(staffId);
  }

  /** Whether a member's access is held now (for tests and figures). */
  holds(staffId: string): boolean {
    return this.listening && this.entries.has(staffId);
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** Calls `fn` with the id of every change notified ('' for everyone); returns how to stop. */
  onChange(fn: (staffId: string) => void): () => void {
    this.changeListeners.add(fn);
    return () => this.changeListeners.delete(fn);
  }

  private changed(staffId: string): void {
    if (staffId === '') {
      this.generation += 1;
      this.entries.clear();
    } else {
      this.invalidate(staffId);
    }
    for (const fn of this.changeListeners) fn(staffId);
  }

  /** Stops serving from memory and forgets everything. */
  private lose(): void {
    this.listening = false;
    this.generation += 1;
    this.entries.clear();
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.listener.start(
        (staffId) => this.changed(staffId),
        (err) => this.lost(err),
      );
    } catch (err) {
      this.lost(err instanceof Error ? err : undefined);
      return;
    }
    if (this.stopped) return;
    this.failures = 0;
    // Whatever changed while not listening is forgotten with the rest; reads from now on may fill.
    this.generation += 1;
    this.entries.clear();
    this.listening = true;
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
    this.logger.log('listening for staff access changes');
  }

  private async beat(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.listener.ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer to the heartbeat')), HEARTBEAT_MS);
        }),
      ]);
    } catch (err) {
      this.lost(err instanceof Error ? err : undefined);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The listening connection failed or went quiet: serve nothing from memory, and listen again. */
  private lost(err?: Error): void {
    const was = this.listening;
    this.lose();
    if (this.stopped) return;
    if (was) this.logger.warn(`stopped listening for staff access changes (${err?.message ?? 'connection ended'}); reading PostgreSQL meanwhile`);
    void this.listener.stop().catch(() => undefined);
    clearTimeout(this.reconnect);
    const delay = RECONNECT_MS[Math.min(this.failures, RECONNECT_MS.length - 1)]!;
    this.failures += 1;
    this.reconnect = setTimeout(() => void this.connect(), delay);
    this.reconnect.unref();
  }
}

/** An AccessListener on its own node-postgres connection, as the api's pool connects. */
export class PostgresAccessListener implements AccessListener {
  private client: Client | undefined;

  constructor(private readonly config: Pick<AsharConfig, 'DATABASE_URL' | 'DATABASE_ROLE'>) {}

  async start(onChange: (staffId: string) => void, onLost: (err?: Error) => void): Promise<void> {
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'ashar-listen',
      options: `-c role=${this.config.DATABASE_ROLE}`,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    this.client = client;
    let up = false;
    client.on('error', (err) => {
      if (up && this.client === client) onLost(err);
    });
    client.on('end', () => {
      if (up && this.client === client) onLost();
    });
    client.on('notification', (message) => {
      if (message.channel === STAFF_ACCESS_CHANNEL) onChange(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${STAFF_ACCESS_CHANNEL}`);
    } catch (err) {
      this.client = undefined;
      await client.end().catch(() => undefined);
      throw err;
    }
    up = true;
  }

  async ping(): Promise<void> {
    if (!this.client) throw new Error('not connected');
    await this.client.query('SELECT 1');
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }
}

/** The api's AccessCache over the StaffRepository and its own listening connection. */
@Injectable()
export class StaffAccessCache extends AccessCache implements OnModuleDestroy {
  constructor(staff: StaffRepository, @Inject(ASHAR_CONFIG) config: AsharConfig) {
    super(staff, new PostgresAccessListener(config));
    this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }
}
