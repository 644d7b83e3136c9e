/**
 * A system of its own for each test group of a file (a desk key version can be made only once per
 * system): a fresh database and api before the group's tests, stopped after them, with its desks
 * by slug, the people the group opened browsers for, and — when asked — a direct connection to its
 * database (the "compromised server" of the trust tests).
 */
import { join } from 'node:path';
import { test } from '@playwright/test';
import { ready } from '@ashar/crypto';
import { Client } from 'pg';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { type Actor, need, useSystem } from './staff-team';

const ROOT_DIR = join(__dirname, '../..');

export function groupSystems<Role extends string>(prefix: string, options: { database?: boolean } = {}) {
  let env: TestEnvironment | undefined;
  let system: RunningSystem | undefined;
  let db: Client | undefined;
  const deskIds: Record<string, string> = {};
  const opened: Actor[] = [];
  const people: Partial<Record<Role, Actor>> = {};

  const url = (path = ''): string => `${need(system, 'the system').url}${path}`;
  return {
    opened,
    people,
    url,
    /** The running system of the group. */
    system: (): RunningSystem => need(system, 'the system'),
    desk: (slug: string): string => need(deskIds[slug], `the ${slug} desk`),
    person: (role: Role): Actor => need<Actor>(people[role], `the ${role}`),
    database: (): Client => need(db, 'the database connection'),
    /** Registers, for the enclosing group, a system of its own started before its tests and stopped after them. */
    ownSystem(label: string): void {
      test.beforeAll(async () => {
        await ready();
        env = await createTestEnvironment(`${prefix.replace(/-/g, '_')}_${label}`);
        system = await startSystem(env, join(ROOT_DIR, `tmp/${prefix}-${label}-server.log`), { WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'), ROOT_PUBLIC_KEY: testRoot().rootPublicKey });
        useSystem(system.url);
        if (options.database) {
          db = new Client({ connectionString: env.databaseUrl });
          await db.connect();
        }
        for (const d of (await (await fetch(url('/api/v1/desks'))).json()) as { id: string; slug: string }[]) deskIds[d.slug] = d.id;
      });
      test.afterAll(async () => {
        for (const actor of opened.splice(0)) await actor.context.close();
        for (const role of Object.keys(people) as Role[]) delete people[role];
        await db?.end();
        await system?.stop();
        if (env) await destroyTestEnvironment(env);
        db = undefined;
        system = undefined;
        env = undefined;
      });
    },
  };
}
