import { randomUUID } from 'node:crypto';
import {
  type GrantKey,
  type RequesterKeys,
  type RootKeys,
  type VerifiedDesk,
  type VerifiedPerson,
  deriveRequesterKeys,
  encodePublicKey,
  encryptPayeeDetails,
  generateGrantKey,
  generateReceiptCode,
  generateRootKeys,
  kidOf,
  ready,
  requesterPublicKeys,
  sealGrantKey,
  signGrantApproval,
} from '@ashar/crypto';
import { type ApprovalPolicy, type StaffRole, DEFAULT_APPROVAL_POLICY } from '@ashar/domain';
import request from 'supertest';
import { startTestApp, type TestApp } from './app';
import { certifiedDesk, type TestDesk } from './cases-support';
import { createPerson, type TestPerson } from './people';

/**
 * A world for grant tests: the real app with a root, a certified admin, the finance desk and the
 * legal desk with certified keys, and helpers that do what the browsers do with libs/crypto:
 * seal grant keys, sign approvals over the canonical terms, encrypt payee details.
 */
export interface GrantWorld {
  t: TestApp;
  root: RootKeys;
  admin: TestPerson;
  finance: TestDesk;
  legal: TestDesk;
  medical: TestDesk;
  officer: TestPerson;
  person(roles: StaffRole[], desks?: string[], name?: string): Promise<TestPerson>;
}

export async function grantWorld(overrides: Record<string, string> = {}): Promise<GrantWorld> {
  await ready();
  const root = generateRootKeys();
  const t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), ...overrides });
  const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
  const finance = await certifiedDesk(t, admin, 'finance');
  const legal = await certifiedDesk(t, admin, 'legal');
  const medical = await certifiedDesk(t, admin, 'medical');
  const person = (roles: StaffRole[], desks: string[] = [], name?: string) =>
    createPerson(t, { roles, deskIds: desks, certifyWith: { admin }, ...(name ? { name } : {}) });
  const officer = await person(['finance_officer'], [finance.id], 'Officer');
  return { t, root, admin, finance, legal, medical, officer, person };
}

export const send = (t: TestApp, who: TestPerson | { cookie: string; csrf: string }, method: 'post' | 'put', path: string, body: unknown = {}) =>
  request(t.http)[method](`/api/v1${path}`).set('cookie', who.cookie).set('x-csrf-token', who.csrf).send(body as object);
export const get = (t: TestApp, who: TestPerson | { cookie: string }, path: string) => request(t.http).get(`/api/v1${path}`).set('cookie', who.cookie);

/** A fund with one line through the api, as a finance officer makes it. */
export async function makeFund(w: GrantWorld, opts: { total?: bigint; line?: bigint; currency?: string; policy?: ApprovalPolicy; purpose?: string } = {}): Promise<{ fundId: string; lineId: string }> {
  const fund = await send(w.t, w.officer, 'post', '/funds', {
    name: `Fund ${randomUUID().slice(0, 8)}`,
    donor: 'Donor',
    currency: opts.currency ?? 'EUR',
    totalMinor: (opts.total ?? 10_000_000n).toString(),
    periodStart: '2026-01-01',
    periodEnd: '2027-12-31',
    approvalPolicy: opts.policy ?? DEFAULT_APPROVAL_POLICY,
  }).expect(201);
  const line = await send(w.t, w.officer, 'post', `/funds/${fund.body.id}/lines`, { purpose: opts.purpose ?? 'legal_fees', allocatedMinor: (opts.line ?? 5_000_000n).toString() }).expect(201);
  return { fundId: fund.body.id as string, lineId: line.body.id as string };
}

/** A case of `desk` straight in the database, with a requester whose receipt keys the test holds. */
export async function makeCase(w: GrantWorld, desk: TestDesk, opts: { assignee?: string; requester?: boolean } = {}): Promise<{ caseId: string; requester: RequesterKeys | null; requesterId: string | null }> {
  let requester: RequesterKeys | null = null;
  let requesterId: string | null = null;
  if (opts.requester !== false) {
    requester = deriveRequesterKeys(generateReceiptCode(), 'test-instance');
    const [row] = await w.t.dataSource.query(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $3) RETURNING id`, [
      kidOf(requester.signPk),
      encodePublicKey(requester.encPk),
      encodePublicKey(requester.signPk),
    ]);
    requesterId = row.id;
  }
  const caseId = randomUUID();
  await w.t.dataSource.query(
    `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, requester_id, assignee_id, first_response_due_at)
     VALUES ($1, 'legal', 'KZ', 'ru', 'normal', 'in_progress', $2, $3, $4, now() + interval '3 days')`,
    [caseId, desk.id, requesterId, opts.assignee ?? null],
  );
  return { caseId, requester, requesterId };
}

const deskRecipient = (d: TestDesk) => ({ kind: 'desk', deskId: d.id, version: d.key.version, encPk: d.key.encPk, signPk: d.key.signPk }) as unknown as VerifiedDesk;

/** The proposal body a caseworker's browser makes: a new grant id, a grant key sealed to finance, the owning desk, the proposer and the requester. */
export function proposal(
  w: GrantWorld,
  proposer: TestPerson,
  c: { requester: RequesterKeys | null },
  terms: { fundId: string; lineId: string; amount: bigint },
  opts: { desks?: TestDesk[]; requester?: boolean; id?: string } = {},
): { body: Record<string, unknown>; id: string; grantKey: GrantKey } {
  const id = opts.id ?? randomUUID();
  const grantKey = generateGrantKey();
  const me = { kind: 'staff', subjectId: proposer.id, encPk: proposer.identity.encPk, signPk: proposer.identity.signPk } as unknown as VerifiedPerson;
  const envelopes: Record<string, unknown>[] = (opts.desks ?? [w.finance, w.legal]).map((d) => ({
    ...sealGrantKey(grantKey, id, deskRecipient(d), proposer.identity),
    recipient: { kind: 'desk', deskId: d.id, version: d.key.version },
  }));
  envelopes.push({ ...sealGrantKey(grantKey, id, me, proposer.identity), recipient: { kind: 'staff', staffId: proposer.id } });
  if (c.requester && opts.requester !== false) envelopes.push({ ...sealGrantKey(grantKey, id, requesterPublicKeys(c.requester), proposer.identity), recipient: { kind: 'requester' } });
  return { id, grantKey, body: { id, fundId: terms.fundId, budgetLineId: terms.lineId, amountMinor: terms.amount.toString(), envelopes } };
}

export async function propose(w: GrantWorld, proposer: TestPerson, c: { caseId: string; requester: RequesterKeys | null }, terms: { fundId: string; lineId: string; amount: bigint }) {
  const p = proposal(w, proposer, c, terms);
  await send(w.t, proposer, 'post', `/cases/${c.caseId}/grants`, p.body).expect(201);
  return p;
}

export interface GrantViewBody {
  id: string;
  version: number;
  amountMinor: string;
  currency: string;
  fundId: string;
  budgetLineId: string;
  status: string;
}

/** What an approver's browser sends: a decision signed over the terms it shows (`view`, or the grant as read now). */
export function decision(person: TestPerson, view: GrantViewBody, decide: 'approve' | 'reject' = 'approve') {
  const sig = signGrantApproval(
    { grantId: view.id, version: view.version, amountMinor: view.amountMinor, currency: view.currency, fundId: view.fundId, budgetLineId: view.budgetLineId, decision: decide },
    person.identity,
  );
  return { decision: decide, termsVersion: view.version, signature: sig.signature, signerKid: sig.signerKid };
}

export async function readGrant(w: GrantWorld, who: TestPerson, id: string): Promise<GrantViewBody & Record<string, unknown>> {
  return (await get(w.t, who, `/grants/${id}`).expect(200)).body;
}

/** Reads the grant as a finance officer (who may read every grant) and decides on it as `person`: `.expect(status)` sends it. */
export function decide(w: GrantWorld, person: TestPerson, id: string, decide: 'approve' | 'reject' = 'approve'): { expect: (status: number) => Promise<request.Response> } {
  return {
    expect: async (status: number) => {
      const view = await readGrant(w, w.officer, id);
      return send(w.t, person, 'post', `/grants/${id}/approvals`, decision(person, view, decide)).expect(status);
    },
  };
}

export function payeeBody(grantKey: GrantKey, grantId: string, author: { signPk: unknown; signSk: unknown } & object) {
  const c = encryptPayeeDetails(grantKey, grantId, { name: 'A. Person', account: 'KG00 1234 5678', reach: 'Signal' }, author as never);
  return { ciphertext: c.ciphertext, authorKid: c.authorKid };
}
