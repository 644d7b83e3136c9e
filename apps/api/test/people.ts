import { randomBytes, randomUUID } from 'node:crypto';
import {
  type IdentityKeys,
  type RootKeys,
  type Certificate,
  encodePublicKey,
  generateIdentityKeys,
  issueCertificate,
} from '@ashar/crypto';
import { type StaffRole } from '@ashar/domain';
import { SessionStore } from '../src/auth/session.store';
import { type TestApp } from './app';

/** A member of staff made directly in the database, with real keys and a real session. */
export interface TestPerson {
  id: string;
  identity: IdentityKeys;
  certificate: Certificate | null;
  /** The Cookie header value. */
  cookie: string;
  csrf: string;
}

const YEAR = 365 * 86400_000;

/** The root each test app's admins were certified with (fixtures that need a second admin make one with it). */
const roots = new WeakMap<TestApp, RootKeys>();

/** The root key the admins of `t` were certified with; throws when no admin was made yet. */
export function rootOf(t: TestApp): RootKeys {
  const root = roots.get(t);
  if (!root) throw new Error('no admin certified by a root was made in this test app yet');
  return root;
}

/**
 * Creates a member of staff with identity keys (certified by `certifier` when
 * given: the root for admins, an admin for staff), desk memberships, and a
 * signed-in session, optionally stepped up. The session is made by the api's
 * own SessionStore: authorization tests exercise the real guard, not a stub.
 */
export async function createPerson(
  t: TestApp,
  options: {
    roles: StaffRole[];
    deskIds?: string[];
    leadDeskIds?: string[];
    certifyWith?: { root: RootKeys } | { admin: TestPerson };
    steppedUp?: boolean;
    name?: string;
    /** Keys to enrol with (default: new ones). */
    identity?: IdentityKeys;
  },
): Promise<TestPerson> {
  const id = randomUUID();
  const identity = options.identity ?? generateIdentityKeys();
  let certificate: Certificate | null = null;
  let certifiedBy: string | null = null;
  if (options.certifyWith) {
    const byRoot = 'root' in options.certifyWith;
    if ('root' in options.certifyWith) roots.set(t, options.certifyWith.root);
    const issuer = 'root' in options.certifyWith ? options.certifyWith.root : options.certifyWith.admin.identity;
    certificate = issueCertificate(issuer, { kind: byRoot ? 'admin' : 'staff', subjectId: id, encPk: identity.encPk, signPk: identity.signPk, notAfter: new Date(Date.now() + YEAR) });
    certifiedBy = 'root' in options.certifyWith ? id : options.certifyWith.admin.id;
  }
  await t.dataSource.query(
    `INSERT INTO staff_members (id, display_name, roles, status, webauthn_user_id, enc_pk, sign_pk, certificate, certified_by)
     VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8)`,
    [id, options.name ?? `Test ${options.roles.join('+')}`, options.roles, randomBytes(32), encodePublicKey(identity.encPk), encodePublicKey(identity.signPk), certificate ? JSON.stringify(certificate) : null, certifiedBy],
  );
  const lead = new Set(options.leadDeskIds ?? []);
  for (const deskId of new Set([...(options.deskIds ?? []), ...lead])) {
    await t.dataSource.query(`INSERT INTO desk_members (desk_id, staff_id, is_lead) VALUES ($1, $2, $3)`, [deskId, id, lead.has(deskId)]);
  }
  const sessions = t.app.get(SessionStore);
  const { sid, session } = await sessions.create({ kind: 'staff', staffId: id, credentialId: `test-${id}` });
  if (options.steppedUp) await sessions.markSteppedUp(session);
  return { id, identity, certificate, cookie: `__Host-ashar_sid=${sid}`, csrf: session.csrfToken };
}

/** The id of a default desk by slug. */
export async function deskId(t: TestApp, slug: string): Promise<string> {
  const rows: { id: string }[] = await t.dataSource.query(`SELECT id FROM desks WHERE slug = $1`, [slug]);
  if (!rows[0]) throw new Error(`no desk ${slug}`);
  return rows[0].id;
}
