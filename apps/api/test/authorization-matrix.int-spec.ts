import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  type IdentityKeys,
  encodePublicKey,
  encryptGrantReport,
  encryptRecord,
  generateCaseKey,
  generateGrantKey,
  generateIdentityKeys,
  generateRootKeys,
  kidOf,
  ready,
  type RootKeys,
} from '@ashar/crypto';
import { DEFAULT_APPROVAL_POLICY, type StaffRole } from '@ashar/domain';
import request from 'supertest';
import { AuditCheckpointService } from '../src/audit';
import { BLOB_STORE, type BlobStore } from '../src/blob-store';
import { SessionStore } from '../src/auth/session.store';
import { RedisStore } from '../src/redis/redis.module';
import { startTestApp, type TestApp } from './app';
import { createPerson, deskId, type TestPerson } from './people';
import { encryptTestFile } from './files-support';
import { staffKeyRow } from './cases-support';
import { registeredRoutes } from './routes';
import { approvedGrant, testFund } from './grants-money-support';
import { insertCall, mediaCallBody } from './calls-support';
import { encryptReportFile } from './grants-money-reports-support';
import { powActionOf, withPow } from './pow';

/*
 * Every route × every kind of caller, with the exact status each must get.
 * Callers: anonymous, a requester, and one member of staff per role; the
 * caseworker and the desk lead belong to the legal desk, so desk routes are
 * tried on their own desk and on another. Every caller gets a fresh session
 * for every request (some routes end sessions) that has passed a step-up, so
 * what is tested here is the policy; step-up has tests of its own.
 * A route added to the api without a row here fails the coverage test.
 */

const CALLERS = ['anonymous', 'requester', 'caseworker', 'desk_lead', 'finance_officer', 'finance_approver', 'director', 'programme_manager', 'admin', 'auditor'] as const;
type Caller = (typeof CALLERS)[number];
type Expect = Record<Caller, number>;

type StaffCaller = Exclude<Caller, 'anonymous' | 'requester'>;
const all = (status: number): Expect => Object.fromEntries(CALLERS.map((c) => [c, status])) as Expect;
const staffOnly = (status: number): Expect => ({ ...all(status), anonymous: 401, requester: 403 });
const requesterOnly = (status: number): Expect => ({ ...all(403), anonymous: 401, requester: status });
const only = (allowed: Partial<Record<Caller, number>>): Expect => ({ ...all(403), anonymous: 401, ...allowed });

interface Row {
  route: string;
  label?: string;
  path: (c: Context) => string;
  /** The body; `caller` lets a row sign as whoever is calling, so that only the policy decides. */
  body?: (c: Context, caller: Caller) => unknown;
  expect: Expect;
}

interface Context {
  legal: string;
  medical: string;
  admin: TestPerson;
  somebody: TestPerson;
  people: Record<StaffCaller, TestPerson>;
  /** A case of the legal desk (the caseworker's and lead's), whose requester is the matrix's requester. */
  ownCase: string;
  /** A case of the medical desk, of another requester. */
  otherCase: string;
  /** Cases for status changes, of the legal and medical desks. */
  ownMove: string;
  otherMove: string;
  ruleId: string;
  requesterKey: IdentityKeys;
  /** Files of the own case: one the requester uploaded and completed, one they started (one chunk), and a staff note file. */
  files: { done: string; pending: string; pendingChunk: Buffer; note: string; other: string };
  /** A fund with one line; grants on the own case (a draft and a submitted one, its requester's) and on the other case. */
  grants: { fundId: string; lineId: string; draft: string; submitted: string; other: string };
  /** Money (grants-money): a fund; grants on the own case (disbursing) and on the other case; tranches; a report and its files. */
  money: {
    fundId: string;
    /** Takes the matrix's `addReport` row (no report yet). */
    reportGrant: string;
    /** Has a submitted report of the requester, with a complete file and a started one. */
    ownGrant: string;
    otherGrant: string;
    reportId: string;
    scheduled: string;
    sent: string;
    doneFile: string;
    pendingFile: string;
    pendingChunk: Buffer;
    otherFile: string;
  };
  /** Calls (rows): a draft to edit, a draft to publish, a published one. */
  calls: { draft: string; toPublish: string; published: string };
  /** The matrix requester's application to the published call (which opens in 2090: changes get 409 call-not-open). */
  application: string;
  /** Referees of that application (rows): one invited, one whose letter came in, and the token of the used one's link. */
  referees: { invited: string; withLetter: string; usedToken: string };
}

/** A well-formed record signed by the caller (the server checks format and signer, never content). */
function recordBody(c: Context, caller: Caller, caseId: string, kind: 'note' | 'message') {
  const signer = caller === 'requester' || caller === 'anonymous' ? c.requesterKey : c.people[caller].identity;
  const id = randomUUID();
  const { ciphertext, authorKid } = encryptRecord(generateCaseKey(), { caseId, recordId: id, recordKind: kind }, { text: 'matrix' }, signer);
  return { id, ciphertext, authorKid };
}

/** A grant report signed by the matrix's requester (only the requester gets past the policy). */
function grantReport(c: Context, grantId: string) {
  const id = randomUUID();
  const { ciphertext, authorKid } = encryptGrantReport(generateGrantKey(), { grantId, reportId: id }, { text: 'matrix' }, c.requesterKey);
  return { id, ciphertext, authorKid };
}

const fakeEnvelope = { version: 1, sealedKey: `s1.${'K'.repeat(22)}.${'S'.repeat(128)}`, sealerKid: 'G'.repeat(22), signature: 'Z'.repeat(86) };
/** A re-seal batch of the right shape for one case (its keys fake: the desk has no certified key, so the lead gets 422). */
const resealBody = (caseId: string, deskId: string) => {
  const wrapped = `a1.${'A'.repeat(22)}.${'B'.repeat(32)}.${'C'.repeat(64)}`;
  const envelope = { sealedKey: fakeEnvelope.sealedKey, sealerKid: fakeEnvelope.sealerKid, signature: fakeEnvelope.signature };
  return {
    version: 1,
    cases: [
      {
        caseId,
        epoch: 2,
        caseKeyLink: wrapped,
        staffKey: { bind: wrapped },
        envelopes: [
          { keyKind: 'case', recipient: { kind: 'desk', deskId, version: 1 }, ...envelope },
          { keyKind: 'staff', recipient: { kind: 'desk', deskId, version: 1 }, ...envelope },
        ],
      },
    ],
  };
};
/** The review routes: programme managers get `pm`, every other staff member but an admin `others` (the ability lets any of them review once on a panel). */
const panel = (pm: number, others: number): Expect => ({ ...staffOnly(others), programme_manager: pm, admin: 403 });
const caseworkers = (own: number, others: number = 403): Expect => ({ ...staffOnly(others), caseworker: own, desk_lead: own });

/** Callers with case rights on the own case: its desk's staff and its requester (the file routes serve both). */
const caseParties = (own: number, others: number = 403): Expect => ({ ...all(others), anonymous: 401, requester: own, caseworker: own, desk_lead: own });
/** A well-formed new file for a case (the server checks formats and sizes, never content). */
const newFile = (caseId: string, caller: Caller) => encryptTestFile(generateCaseKey(), caseId, randomUUID(), Buffer.from('matrix'), 'm', caller === 'requester' ? 'request' : undefined).body;

/** Who reads funds: the case's staff (to propose), finance officers, approvers and the director. */
const fundReaders = (status: number): Expect => ({ ...staffOnly(403), caseworker: status, desk_lead: status, finance_officer: status, finance_approver: status, director: status });
/** Who holds the ability to read grants (the record's condition follows in the service). */
const grantReaders = fundReaders;
const fakePayee = { ciphertext: `a1.${'A'.repeat(22)}.${'B'.repeat(40)}`, authorKid: 'G'.repeat(22) };
const grantProposal = (c: Context) => ({
  id: randomUUID(),
  fundId: c.grants.fundId,
  budgetLineId: c.grants.lineId,
  amountMinor: '1000',
  envelopes: [
    { sealedKey: fakeEnvelope.sealedKey, sealerKid: fakeEnvelope.sealerKid, signature: fakeEnvelope.signature, recipient: { kind: 'desk', deskId: c.legal, version: 1 } },
    { sealedKey: fakeEnvelope.sealedKey, sealerKid: fakeEnvelope.sealerKid, signature: fakeEnvelope.signature, recipient: { kind: 'requester' } },
  ],
});

const badToken = 'A'.repeat(43);
const uuid = '00000000-0000-4000-8000-0000000000aa';

const ROWS: Row[] = [
  { route: 'GET /api/health', path: () => '/api/health', expect: all(200) },
  { route: 'GET /api/health/ready', path: () => '/api/health/ready', expect: all(200) },
  { route: 'GET /api/v1/audit/checkpoints/latest', path: () => '/api/v1/audit/checkpoints/latest', expect: all(200) },
  { route: 'POST /api/v1/setup/check', path: () => '/api/v1/setup/check', body: () => ({ token: badToken }), expect: all(404) },
  { route: 'POST /api/v1/setup/options', path: () => '/api/v1/setup/options', body: () => ({ token: badToken, displayName: 'X' }), expect: all(404) },
  { route: 'POST /api/v1/setup/complete', path: () => '/api/v1/setup/complete', body: () => ({}), expect: all(422) },
  { route: 'POST /api/v1/enrol/check', path: () => '/api/v1/enrol/check', body: () => ({ token: badToken }), expect: all(404) },
  { route: 'POST /api/v1/enrol/options', path: () => '/api/v1/enrol/options', body: () => ({ token: badToken }), expect: all(404) },
  { route: 'POST /api/v1/enrol/complete', path: () => '/api/v1/enrol/complete', body: () => ({}), expect: all(422) },
  { route: 'GET /api/v1/auth/session', path: () => '/api/v1/auth/session', expect: staffOnly(200) },
  { route: 'POST /api/v1/auth/options', path: () => '/api/v1/auth/options', body: () => ({}), expect: all(200) },
  { route: 'POST /api/v1/auth/sign-in', path: () => '/api/v1/auth/sign-in', body: () => ({}), expect: all(422) },
  { route: 'POST /api/v1/auth/sign-out', path: () => '/api/v1/auth/sign-out', expect: staffOnly(204) },
  { route: 'POST /api/v1/auth/sign-out-everywhere', path: () => '/api/v1/auth/sign-out-everywhere', expect: staffOnly(204) },
  { route: 'GET /api/v1/auth/passkeys', path: () => '/api/v1/auth/passkeys', expect: staffOnly(200) },
  { route: 'POST /api/v1/auth/passkeys/options', path: () => '/api/v1/auth/passkeys/options', body: () => ({}), expect: staffOnly(200) },
  { route: 'POST /api/v1/auth/passkeys', path: () => '/api/v1/auth/passkeys', body: () => ({}), expect: staffOnly(422) },
  { route: 'DELETE /api/v1/auth/passkeys/:id', path: () => `/api/v1/auth/passkeys/${uuid}`, expect: staffOnly(404) },
  { route: 'POST /api/v1/auth/step-up/options', path: () => '/api/v1/auth/step-up/options', body: () => ({}), expect: staffOnly(200) },
  { route: 'POST /api/v1/auth/step-up', path: () => '/api/v1/auth/step-up', body: () => ({}), expect: staffOnly(422) },
  // The directory is the admins' (SPEC.md §17.5); leads look people up through /desks/:deskId/candidates.
  { route: 'GET /api/v1/staff', path: () => '/api/v1/staff', expect: only({ admin: 200 }) },
  { route: 'POST /api/v1/staff/:id/suspend', label: 'unknown member', path: () => `/api/v1/staff/${uuid}/suspend`, expect: only({ admin: 404 }) },
  { route: 'POST /api/v1/staff/:id/reinstate', label: 'unknown member', path: () => `/api/v1/staff/${uuid}/reinstate`, expect: only({ admin: 404 }) },
  {
    route: 'POST /api/v1/staff/invitations',
    path: () => '/api/v1/staff/invitations',
    body: () => ({ displayName: 'New person', roles: ['caseworker'], deskIds: [] }),
    expect: only({ admin: 201 }),
  },
  { route: 'GET /api/v1/keys/root', path: () => '/api/v1/keys/root', expect: all(200) },
  { route: 'GET /api/v1/keys/staff/:id', path: (c) => `/api/v1/keys/staff/${c.admin.id}`, expect: all(200) },
  { route: 'GET /api/v1/keys/staff/:id', label: 'unknown member', path: () => `/api/v1/keys/staff/${uuid}`, expect: all(404) },
  {
    route: 'POST /api/v1/keys/staff/:id/certificate',
    path: (c) => `/api/v1/keys/staff/${c.somebody.id}/certificate`,
    body: () => ({ certificate: {} }),
    expect: staffOnly(422),
  },
  { route: 'GET /api/v1/keys/revocations', path: () => '/api/v1/keys/revocations', expect: all(200) },
  {
    route: 'POST /api/v1/keys/revocations',
    path: () => '/api/v1/keys/revocations',
    body: () => ({ statement: {} }),
    expect: only({ admin: 422 }),
  },
  { route: 'POST /api/v1/pow/challenge', path: () => '/api/v1/pow/challenge', body: () => ({ action: 'intake' }), expect: all(200) },
  { route: 'POST /api/v1/requester/challenge', path: () => '/api/v1/requester/challenge', body: () => ({ kid: 'B'.repeat(22) }), expect: all(200) },
  { route: 'POST /api/v1/requester/sign-in', path: () => '/api/v1/requester/sign-in', body: () => ({}), expect: all(422) },
  { route: 'GET /api/v1/requester/session', path: () => '/api/v1/requester/session', expect: requesterOnly(200) },
  { route: 'POST /api/v1/requester/sign-out', path: () => '/api/v1/requester/sign-out', expect: requesterOnly(204) },
  { route: 'GET /api/v1/desks', path: () => '/api/v1/desks', expect: all(200) },
  {
    route: 'GET /api/v1/desks/:deskId/members',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/members`,
    expect: { ...staffOnly(404), caseworker: 200, desk_lead: 200, admin: 200 },
  },
  {
    route: 'GET /api/v1/desks/:deskId/members',
    label: 'other desk',
    path: (c) => `/api/v1/desks/${c.medical}/members`,
    expect: { ...staffOnly(404), admin: 200 },
  },
  // Membership of a desk that has members is its leads' (SPEC.md §17.2): the legal desk has members, the medical desk none.
  {
    route: 'POST /api/v1/desks/:deskId/members',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/members`,
    body: (c) => ({ staffId: c.somebody.id }),
    expect: only({ desk_lead: 204, admin: 403 }),
  },
  {
    route: 'POST /api/v1/desks/:deskId/members',
    label: 'other desk, without members, not as its lead',
    path: (c) => `/api/v1/desks/${c.medical}/members`,
    body: (c) => ({ staffId: c.somebody.id }),
    expect: only({ admin: 403 }),
  },
  {
    route: 'DELETE /api/v1/desks/:deskId/members/:staffId',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/members/${uuid}`,
    expect: only({ desk_lead: 404 }),
  },
  {
    route: 'DELETE /api/v1/desks/:deskId/members/:staffId',
    label: 'other desk',
    path: (c) => `/api/v1/desks/${c.medical}/members/${uuid}`,
    expect: only({}),
  },
  { route: 'GET /api/v1/desks/:deskId/candidates', label: 'own desk', path: (c) => `/api/v1/desks/${c.legal}/candidates`, expect: only({ desk_lead: 200, admin: 403 }) },
  { route: 'GET /api/v1/desks/:deskId/candidates', label: 'other desk, without members', path: (c) => `/api/v1/desks/${c.medical}/candidates`, expect: only({ admin: 200 }) },
  {
    route: 'GET /api/v1/desks/:deskId/keys',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/keys`,
    expect: { ...staffOnly(404), caseworker: 200, desk_lead: 200, admin: 200 },
  },
  {
    route: 'GET /api/v1/desks/:deskId/keys',
    label: 'other desk',
    path: (c) => `/api/v1/desks/${c.medical}/keys`,
    expect: { ...staffOnly(404), admin: 200 },
  },
  {
    route: 'POST /api/v1/desks/:deskId/keys',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/keys`,
    body: () => ({ version: 1, encPk: 'C'.repeat(43), signPk: 'C'.repeat(43), sealedKey: 's1.bad', link: null }),
    expect: only({ desk_lead: 422 }),
  },
  {
    route: 'POST /api/v1/desks/:deskId/keys',
    label: 'other desk',
    path: (c) => `/api/v1/desks/${c.medical}/keys`,
    body: () => ({ version: 1, encPk: 'C'.repeat(43), signPk: 'C'.repeat(43), sealedKey: 's1.bad', link: null }),
    expect: only({}),
  },
  {
    route: 'POST /api/v1/desks/:deskId/keys/:version/certificate',
    path: (c) => `/api/v1/desks/${c.legal}/keys/9/certificate`,
    body: () => ({ certificate: {} }),
    expect: only({ admin: 404 }),
  },
  {
    route: 'POST /api/v1/desks/:deskId/keys/:version/approval',
    path: (c) => `/api/v1/desks/${c.legal}/keys/9/approval`,
    body: () => ({ signature: 'A'.repeat(86) }),
    expect: only({ admin: 404 }),
  },
  { route: 'GET /api/v1/desks/:deskId/history', path: (c) => `/api/v1/desks/${c.legal}/history`, expect: all(200) },
  { route: 'GET /api/v1/desks/:deskId/history', label: 'unknown desk', path: () => `/api/v1/desks/${uuid}/history`, expect: all(404) },
  {
    route: 'POST /api/v1/desks/:deskId/envelopes',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/envelopes`,
    body: () => ({ version: 1, staffId: uuid, sealedKey: 's1.bad' }),
    expect: only({ desk_lead: 422 }),
  },
  {
    route: 'POST /api/v1/desks/:deskId/envelopes',
    label: 'other desk',
    path: (c) => `/api/v1/desks/${c.medical}/envelopes`,
    body: () => ({ version: 1, staffId: uuid, sealedKey: 's1.bad' }),
    expect: only({}),
  },
  { route: 'GET /api/v1/desks/:deskId/envelopes/mine', path: (c) => `/api/v1/desks/${c.legal}/envelopes/mine`, expect: staffOnly(200) },
  // Re-sealing a desk's open cases after a rotation: its leads only (the matrix's desks have no certified key, hence 422).
  { route: 'GET /api/v1/desks/:deskId/reseal', label: 'own desk', path: (c) => `/api/v1/desks/${c.legal}/reseal`, expect: only({ desk_lead: 200 }) },
  { route: 'GET /api/v1/desks/:deskId/reseal', label: 'other desk', path: (c) => `/api/v1/desks/${c.medical}/reseal`, expect: only({}) },
  {
    route: 'POST /api/v1/desks/:deskId/reseal',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/reseal`,
    body: (c) => resealBody(c.ownCase, c.legal),
    expect: only({ desk_lead: 422 }),
  },
  {
    route: 'POST /api/v1/desks/:deskId/reseal',
    label: 'other desk',
    path: (c) => `/api/v1/desks/${c.medical}/reseal`,
    body: (c) => resealBody(c.otherCase, c.medical),
    expect: only({}),
  },
  // Aid cases. Staff routes are for staff only: a requester gets 403 even for their own case.
  { route: 'POST /api/v1/intake', path: () => '/api/v1/intake', body: () => ({}), expect: all(422) },
  { route: 'GET /api/v1/intake/config', path: () => '/api/v1/intake/config', expect: all(200) },
  // The form without JavaScript is off unless NOSCRIPT_INTAKE is on: as missing for everyone (no-script.int-spec has it on).
  { route: 'POST /api/v1/intake/no-script', path: () => '/api/v1/intake/no-script', body: () => ({}), expect: all(404) },
  { route: 'GET /api/v1/cases', label: 'own desk', path: (c) => `/api/v1/cases?deskId=${c.legal}`, expect: caseworkers(200) },
  { route: 'GET /api/v1/cases', label: 'other desk', path: (c) => `/api/v1/cases?deskId=${c.medical}`, expect: caseworkers(404) },
  { route: 'GET /api/v1/cases/inbox/desks', path: () => '/api/v1/cases/inbox/desks', expect: caseworkers(200) },
  // Another desk's case is left out of the answer (200 with no item), as the int spec checks.
  { route: 'GET /api/v1/cases/inbox/keys', label: 'own case', path: (c) => `/api/v1/cases/inbox/keys?ids=${c.ownCase}`, expect: caseworkers(200) },
  { route: 'GET /api/v1/cases/:id', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}`, expect: caseworkers(200) },
  { route: 'GET /api/v1/cases/:id', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}`, expect: caseworkers(404) },
  { route: 'POST /api/v1/cases/:id/urgency', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}/urgency`, body: () => ({ urgency: 'high' }), expect: caseworkers(200) },
  { route: 'POST /api/v1/cases/:id/urgency', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/urgency`, body: () => ({ urgency: 'high' }), expect: caseworkers(404) },
  { route: 'GET /api/v1/cases/:id/assignees', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}/assignees`, expect: { ...staffOnly(403), desk_lead: 200 } },
  { route: 'GET /api/v1/cases/:id/assignees', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/assignees`, expect: { ...staffOnly(403), desk_lead: 404 } },
  {
    route: 'POST /api/v1/cases/:id/assign',
    label: 'own case',
    path: (c) => `/api/v1/cases/${c.ownCase}/assign`,
    body: (c) => ({ assigneeId: c.people.caseworker.id }),
    expect: { ...staffOnly(403), desk_lead: 200 },
  },
  {
    route: 'POST /api/v1/cases/:id/assign',
    label: 'other case',
    path: (c) => `/api/v1/cases/${c.otherCase}/assign`,
    body: (c) => ({ assigneeId: c.people.caseworker.id }),
    expect: { ...staffOnly(403), desk_lead: 404 },
  },
  // The caseworker triages first; the lead then asks for a move the case has already made.
  { route: 'POST /api/v1/cases/:id/transitions', label: 'own case', path: (c) => `/api/v1/cases/${c.ownMove}/transitions`, body: () => ({ to: 'triaged' }), expect: { ...caseworkers(200), desk_lead: 409 } },
  { route: 'POST /api/v1/cases/:id/transitions', label: 'other case', path: (c) => `/api/v1/cases/${c.otherMove}/transitions`, body: () => ({ to: 'triaged' }), expect: caseworkers(404) },
  { route: 'POST /api/v1/cases/:id/notes', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}/notes`, body: (c, who) => recordBody(c, who, c.ownCase, 'note'), expect: caseworkers(201) },
  { route: 'POST /api/v1/cases/:id/notes', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/notes`, body: (c, who) => recordBody(c, who, c.otherCase, 'note'), expect: caseworkers(404) },
  { route: 'POST /api/v1/cases/:id/messages', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}/messages`, body: (c, who) => recordBody(c, who, c.ownCase, 'message'), expect: caseworkers(201) },
  { route: 'POST /api/v1/cases/:id/messages', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/messages`, body: (c, who) => recordBody(c, who, c.otherCase, 'message'), expect: caseworkers(404) },
  // The medical desk has no certified key here: on their own case, caseworkers get as far as that check.
  {
    route: 'POST /api/v1/cases/:id/staff-keys',
    label: 'own case',
    path: (c) => `/api/v1/cases/${c.ownCase}/staff-keys`,
    body: (c) => ({ epoch: 1, bind: `a1.${'A'.repeat(22)}.${'B'.repeat(32)}.${'C'.repeat(64)}`, envelopes: [{ deskId: c.legal, ...fakeEnvelope }] }),
    expect: caseworkers(422),
  },
  {
    route: 'POST /api/v1/cases/:id/staff-keys',
    label: 'other case',
    path: (c) => `/api/v1/cases/${c.otherCase}/staff-keys`,
    body: (c) => ({ epoch: 1, bind: `a1.${'A'.repeat(22)}.${'B'.repeat(32)}.${'C'.repeat(64)}`, envelopes: [{ deskId: c.medical, ...fakeEnvelope }] }),
    expect: caseworkers(404),
  },
  { route: 'POST /api/v1/cases/:id/referrals', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}/referrals`, body: (c) => ({ deskId: c.medical, envelope: fakeEnvelope }), expect: caseworkers(422) },
  { route: 'POST /api/v1/cases/:id/referrals', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/referrals`, body: (c) => ({ deskId: c.legal, envelope: fakeEnvelope }), expect: caseworkers(404) },
  { route: 'GET /api/v1/requester/case', label: 'own case', path: () => '/api/v1/requester/case', expect: requesterOnly(200) },
  {
    route: 'POST /api/v1/requester/case/messages',
    label: 'own case',
    path: () => '/api/v1/requester/case/messages',
    body: (c, who) => recordBody(c, who === 'requester' ? who : 'requester', c.ownCase, 'message'),
    expect: requesterOnly(201),
  },
  { route: 'GET /api/v1/routing-rules', path: () => '/api/v1/routing-rules', expect: all(200) },
  { route: 'POST /api/v1/routing-rules', path: () => '/api/v1/routing-rules', body: () => ({ priority: 50, country: 'KG', deskSlug: 'legal' }), expect: only({ admin: 201 }) },
  { route: 'PUT /api/v1/routing-rules/:id', path: (c) => `/api/v1/routing-rules/${c.ruleId}`, body: () => ({ priority: 60, deskSlug: 'legal' }), expect: only({ admin: 200 }) },
  { route: 'DELETE /api/v1/routing-rules/:id', path: (c) => `/api/v1/routing-rules/${c.ruleId}`, expect: only({ admin: 204 }) },
  // Case files: the same routes for the case's desk and its requester (docs/files-api.md); only the uploader sends chunks.
  { route: 'POST /api/v1/cases/:caseId/files', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}/files`, body: (c, who) => newFile(c.ownCase, who), expect: caseParties(201) },
  { route: 'POST /api/v1/cases/:caseId/files', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/files`, body: (c, who) => newFile(c.otherCase, who), expect: caseParties(404) },
  { route: 'GET /api/v1/cases/:caseId/files', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}/files`, expect: caseParties(200) },
  { route: 'GET /api/v1/cases/:caseId/files', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/files`, expect: caseParties(404) },
  { route: 'GET /api/v1/cases/:caseId/files/:fileId', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}/files/${c.files.done}`, expect: caseParties(200) },
  {
    route: 'GET /api/v1/cases/:caseId/files/:fileId',
    label: 'staff note file',
    path: (c) => `/api/v1/cases/${c.ownCase}/files/${c.files.note}`,
    expect: { ...caseParties(200), requester: 404 },
  },
  { route: 'GET /api/v1/cases/:caseId/files/:fileId', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/files/${c.files.other}`, expect: caseParties(404) },
  {
    route: 'PUT /api/v1/cases/:caseId/files/:fileId/chunks/:index',
    label: 'own case, requester’s upload',
    path: (c) => `/api/v1/cases/${c.ownCase}/files/${c.files.pending}/chunks/0`,
    body: (c) => c.files.pendingChunk,
    expect: { ...caseParties(403), requester: 204 },
  },
  {
    route: 'PUT /api/v1/cases/:caseId/files/:fileId/chunks/:index',
    label: 'other case',
    path: (c) => `/api/v1/cases/${c.otherCase}/files/${c.files.other}/chunks/0`,
    body: (c) => c.files.pendingChunk,
    expect: caseParties(404),
  },
  {
    route: 'POST /api/v1/cases/:caseId/files/:fileId/complete',
    label: 'own case, requester’s upload',
    path: (c) => `/api/v1/cases/${c.ownCase}/files/${c.files.pending}/complete`,
    expect: { ...caseParties(403), requester: 204 },
  },
  { route: 'POST /api/v1/cases/:caseId/files/:fileId/complete', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/files/${c.files.other}/complete`, expect: caseParties(404) },
  { route: 'GET /api/v1/cases/:caseId/files/:fileId/content', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}/files/${c.files.done}/content`, expect: caseParties(200) },
  { route: 'GET /api/v1/cases/:caseId/files/:fileId/content', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/files/${c.files.other}/content`, expect: caseParties(404) },
  { route: 'GET /api/v1/notifications', path: () => '/api/v1/notifications', expect: staffOnly(200) },
  { route: 'GET /api/v1/notifications/email', path: () => '/api/v1/notifications/email', expect: staffOnly(200) },
  { route: 'PUT /api/v1/notifications/email', path: () => '/api/v1/notifications/email', body: () => ({ email: 'someone@example.org' }), expect: staffOnly(204) },
  { route: 'GET /api/v1/staff/me/language', path: () => '/api/v1/staff/me/language', expect: staffOnly(200) },
  { route: 'PUT /api/v1/staff/me/language', path: () => '/api/v1/staff/me/language', body: () => ({ language: 'en' }), expect: staffOnly(204) },
  { route: 'POST /api/v1/notifications/:id/read', path: () => `/api/v1/notifications/${uuid}/read`, expect: staffOnly(404) },
  { route: 'GET /api/v1/notifications/digest', path: () => '/api/v1/notifications/digest', expect: staffOnly(200) },
  { route: 'PUT /api/v1/notifications/digest', path: () => '/api/v1/notifications/digest', body: () => ({ enabled: false }), expect: staffOnly(204) },
  { route: 'GET /api/v1/staff/me/pseudonym', path: () => '/api/v1/staff/me/pseudonym', expect: staffOnly(200) },
  { route: 'PUT /api/v1/staff/me/pseudonym', path: () => '/api/v1/staff/me/pseudonym', body: () => ({ pseudonym: 'Team member, test desk' }), expect: staffOnly(204) },
  // Mini-grants (docs/grants.md). Funds: finance officers keep them; whoever proposes or approves reads them.
  { route: 'GET /api/v1/currencies', path: () => '/api/v1/currencies', expect: fundReaders(200) },
  { route: 'GET /api/v1/funds', path: () => '/api/v1/funds', expect: fundReaders(200) },
  { route: 'GET /api/v1/funds/:id', path: (c) => `/api/v1/funds/${c.grants.fundId}`, expect: fundReaders(200) },
  { route: 'GET /api/v1/funds/:id', label: 'unknown fund', path: () => `/api/v1/funds/${uuid}`, expect: fundReaders(404) },
  {
    route: 'POST /api/v1/funds',
    path: () => '/api/v1/funds',
    body: () => ({ name: 'Matrix fund', donor: 'Donor', currency: 'EUR', totalMinor: '100000', periodStart: '2026-01-01', periodEnd: '2026-12-31', approvalPolicy: DEFAULT_APPROVAL_POLICY }),
    expect: only({ finance_officer: 201 }),
  },
  {
    route: 'PUT /api/v1/funds/:id',
    path: (c) => `/api/v1/funds/${c.grants.fundId}`,
    body: () => ({ name: 'Matrix', donor: 'Donor', totalMinor: '10000000', periodEnd: '2027-12-31', status: 'active', approvalPolicy: DEFAULT_APPROVAL_POLICY }),
    expect: only({ finance_officer: 200 }),
  },
  { route: 'POST /api/v1/funds/:id/lines', path: (c) => `/api/v1/funds/${c.grants.fundId}/lines`, body: () => ({ purpose: 'other', allocatedMinor: '1000' }), expect: only({ finance_officer: 201 }) },
  { route: 'PUT /api/v1/funds/:id/lines/:lineId', path: (c) => `/api/v1/funds/${c.grants.fundId}/lines/${c.grants.lineId}`, body: () => ({ allocatedMinor: '5000000' }), expect: only({ finance_officer: 200 }) },
  // Grants: the case's staff propose (the matrix's desks have no certified keys, hence 422 on their own case).
  { route: 'POST /api/v1/cases/:caseId/grants', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}/grants`, body: (c) => grantProposal(c), expect: caseworkers(422) },
  { route: 'POST /api/v1/cases/:caseId/grants', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/grants`, body: (c) => grantProposal(c), expect: caseworkers(404) },
  { route: 'GET /api/v1/cases/:caseId/grants', label: 'own case', path: (c) => `/api/v1/cases/${c.ownCase}/grants`, expect: { ...grantReaders(200), finance_officer: 404, finance_approver: 404, director: 404 } },
  { route: 'GET /api/v1/cases/:caseId/grants', label: 'other case', path: (c) => `/api/v1/cases/${c.otherCase}/grants`, expect: grantReaders(404) },
  { route: 'GET /api/v1/grants', path: () => '/api/v1/grants?waiting=approval', expect: grantReaders(200) },
  // The grant page answers 404 to whoever cannot reach the grant, admins and auditors included.
  { route: 'GET /api/v1/grants/:id', label: 'own case', path: (c) => `/api/v1/grants/${c.grants.draft}`, expect: { ...staffOnly(404), caseworker: 200, desk_lead: 200, finance_officer: 200, finance_approver: 200, director: 200 } },
  {
    route: 'GET /api/v1/grants/:id',
    label: 'other case',
    path: (c) => `/api/v1/grants/${c.grants.other}`,
    expect: { ...staffOnly(404), finance_officer: 200, finance_approver: 200, director: 200 },
  },
  {
    route: 'PUT /api/v1/grants/:id/terms',
    label: 'own case',
    path: (c) => `/api/v1/grants/${c.grants.draft}/terms`,
    body: (c) => ({ version: 1, fundId: c.grants.fundId, budgetLineId: c.grants.lineId, amountMinor: '1000' }),
    expect: caseworkers(200),
  },
  {
    route: 'PUT /api/v1/grants/:id/terms',
    label: 'other case',
    path: (c) => `/api/v1/grants/${c.grants.other}/terms`,
    body: (c) => ({ version: 1, fundId: c.grants.fundId, budgetLineId: c.grants.lineId, amountMinor: '1000' }),
    expect: caseworkers(404),
  },
  // A draft cannot close: whoever may read the grant gets as far as the lifecycle (409).
  { route: 'POST /api/v1/grants/:id/transitions', label: 'own case', path: (c) => `/api/v1/grants/${c.grants.draft}/transitions`, body: () => ({ to: 'closed' }), expect: grantReaders(409) },
  {
    route: 'POST /api/v1/grants/:id/transitions',
    label: 'other case',
    path: (c) => `/api/v1/grants/${c.grants.other}/transitions`,
    body: () => ({ to: 'closed' }),
    expect: { ...grantReaders(409), caseworker: 404, desk_lead: 404 },
  },
  // Approvers get as far as the signature (a fake one: 422); nobody else holds the approve ability.
  {
    route: 'POST /api/v1/grants/:id/approvals',
    path: (c) => `/api/v1/grants/${c.grants.submitted}/approvals`,
    body: () => ({ decision: 'approve', termsVersion: 1, signature: 'Z'.repeat(86), signerKid: 'G'.repeat(22) }),
    expect: only({ finance_approver: 422, director: 422 }),
  },
  { route: 'POST /api/v1/grants/:id/conflicts', path: (c) => `/api/v1/grants/${c.grants.submitted}/conflicts`, body: () => ({}), expect: grantReaders(201) },
  // Payee details: the case's staff write them (a fake ciphertext: 422); finance reads but never writes; others never reach them.
  {
    route: 'PUT /api/v1/grants/:id/payee',
    path: (c) => `/api/v1/grants/${c.grants.draft}/payee`,
    body: () => fakePayee,
    expect: { ...staffOnly(404), caseworker: 422, desk_lead: 422, finance_officer: 403 },
  },
  { route: 'GET /api/v1/requester/grants', path: () => '/api/v1/requester/grants', expect: requesterOnly(200) },
  { route: 'PUT /api/v1/requester/grants/:id/payee', label: 'own grant', path: (c) => `/api/v1/requester/grants/${c.grants.draft}/payee`, body: () => fakePayee, expect: requesterOnly(422) },
  { route: 'PUT /api/v1/requester/grants/:id/payee', label: 'other grant', path: (c) => `/api/v1/requester/grants/${c.grants.other}/payee`, body: () => fakePayee, expect: requesterOnly(404) },
  // Money (grants-money): tranches are finance officers'; the ledger finance's (downloads the officers'); reports and files the grantee's,
  // report files readable by case staff and finance officers, and 404 for everyone else on staff's side.
  { route: 'POST /api/v1/grants/:id/tranches', path: (c) => `/api/v1/grants/${c.money.ownGrant}/tranches`, body: () => ({ plannedMinor: '100', method: 'bank_transfer', scheduledOn: '2026-12-10' }), expect: only({ finance_officer: 201 }) },
  {
    route: 'POST /api/v1/grants/:id/tranches/:trancheId/send',
    path: (c) => `/api/v1/grants/${c.money.ownGrant}/tranches/${c.money.scheduled}/send`,
    body: () => ({ paidMinor: '10000', paidCurrency: 'KGS', rate: '0.01', rateSource: 'NBKR', rateAt: '2026-12-07T09:00:00Z' }),
    expect: only({ finance_officer: 200 }),
  },
  { route: 'POST /api/v1/grants/:id/tranches/:trancheId/settle', path: (c) => `/api/v1/grants/${c.money.ownGrant}/tranches/${c.money.sent}/settle`, body: () => ({ outcome: 'confirmed' }), expect: only({ finance_officer: 200 }) },
  { route: 'GET /api/v1/ledger', label: 'json', path: (c) => `/api/v1/ledger?fundId=${c.money.fundId}`, expect: { ...staffOnly(403), finance_officer: 200, finance_approver: 200, director: 200, auditor: 404, desk_lead: 404 } },
  { route: 'GET /api/v1/ledger', label: 'csv', path: (c) => `/api/v1/ledger?fundId=${c.money.fundId}&format=csv`, expect: { ...staffOnly(403), finance_officer: 200, auditor: 404, desk_lead: 404 } },
  { route: 'POST /api/v1/requester/grants/:id/reports', path: (c) => `/api/v1/requester/grants/${c.money.reportGrant}/reports`, body: (c) => grantReport(c, c.money.reportGrant), expect: requesterOnly(201) },
  {
    route: 'POST /api/v1/requester/grants/:id/reports/:reportId/files',
    path: (c) => `/api/v1/requester/grants/${c.money.ownGrant}/reports/${c.money.reportId}/files`,
    body: (c) => encryptReportFile(generateGrantKey(), c.money.ownGrant, Buffer.from('matrix receipt')).body,
    expect: requesterOnly(201),
  },
  {
    route: 'PUT /api/v1/requester/grants/:id/files/:fileId/chunks/:index',
    path: (c) => `/api/v1/requester/grants/${c.money.ownGrant}/files/${c.money.pendingFile}/chunks/0`,
    body: (c) => c.money.pendingChunk,
    expect: requesterOnly(204),
  },
  { route: 'POST /api/v1/requester/grants/:id/files/:fileId/complete', path: (c) => `/api/v1/requester/grants/${c.money.ownGrant}/files/${c.money.pendingFile}/complete`, expect: requesterOnly(204) },
  { route: 'GET /api/v1/requester/grants/:id/files/:fileId/content', label: 'own grant', path: (c) => `/api/v1/requester/grants/${c.money.ownGrant}/files/${c.money.doneFile}/content`, expect: requesterOnly(200) },
  { route: 'GET /api/v1/requester/grants/:id/files/:fileId/content', label: 'other grant', path: (c) => `/api/v1/requester/grants/${c.money.otherGrant}/files/${c.money.otherFile}/content`, expect: requesterOnly(404) },
  {
    route: 'GET /api/v1/grants/:id/files/:fileId/content',
    label: 'own case',
    path: (c) => `/api/v1/grants/${c.money.ownGrant}/files/${c.money.doneFile}/content`,
    expect: { ...staffOnly(404), caseworker: 200, desk_lead: 200, finance_officer: 200 },
  },
  {
    route: 'GET /api/v1/grants/:id/files/:fileId/content',
    label: 'other case',
    path: (c) => `/api/v1/grants/${c.money.otherGrant}/files/${c.money.otherFile}/content`,
    expect: { ...staffOnly(404), finance_officer: 200 },
  },
  // The case's caseworker asks for more; the lead then finds it decided. A finance officer reads the grant but is not its case staff.
  {
    route: 'POST /api/v1/grants/:id/reports/:reportId/decision',
    path: (c) => `/api/v1/grants/${c.money.ownGrant}/reports/${c.money.reportId}/decision`,
    body: () => ({ decision: 'more' }),
    expect: { ...staffOnly(403), caseworker: 200, desk_lead: 409 },
  },
  // Calls for applications (docs/calls.md): programme managers write them; published ones are public.
  { route: 'GET /api/v1/programme/calls', path: () => '/api/v1/programme/calls', expect: only({ programme_manager: 200 }) },
  { route: 'POST /api/v1/programme/calls', path: () => '/api/v1/programme/calls', body: () => mediaCallBody({ opensLocal: '2090-01-01T09:00', closesLocal: '2099-01-01T24:00', decisionOn: null, notifyOn: null }), expect: only({ programme_manager: 201 }) },
  { route: 'GET /api/v1/programme/calls/:id', path: (c) => `/api/v1/programme/calls/${c.calls.draft}`, expect: only({ programme_manager: 200 }) },
  {
    route: 'PUT /api/v1/programme/calls/:id',
    path: (c) => `/api/v1/programme/calls/${c.calls.draft}`,
    body: () => mediaCallBody({ opensLocal: '2090-01-01T09:00', closesLocal: '2099-01-01T24:00', decisionOn: null, notifyOn: null }),
    expect: only({ programme_manager: 200 }),
  },
  { route: 'POST /api/v1/programme/calls/:id/transitions', path: (c) => `/api/v1/programme/calls/${c.calls.toPublish}/transitions`, body: () => ({ transition: 'publish' }), expect: only({ programme_manager: 200 }) },
  { route: 'GET /api/v1/calls', path: () => '/api/v1/calls', expect: all(200) },
  { route: 'GET /api/v1/calls/:id', label: 'published', path: (c) => `/api/v1/calls/${c.calls.published}`, expect: all(200) },
  { route: 'GET /api/v1/calls/:id', label: 'draft', path: (c) => `/api/v1/calls/${c.calls.draft}`, expect: all(404) },
  // Applications (docs/calls.md "Applications"): anyone applies; the applicant reads and changes their own; programme managers read.
  { route: 'POST /api/v1/calls/:id/applications', path: (c) => `/api/v1/calls/${c.calls.published}/applications`, body: () => ({}), expect: all(422) },
  { route: 'GET /api/v1/requester/application', label: 'own application', path: () => '/api/v1/requester/application', expect: requesterOnly(200) },
  { route: 'POST /api/v1/requester/application/versions', path: () => '/api/v1/requester/application/versions', body: () => ({}), expect: requesterOnly(422) },
  { route: 'POST /api/v1/requester/application/withdrawal', label: 'call not open yet', path: () => '/api/v1/requester/application/withdrawal', body: () => ({}), expect: requesterOnly(409) },
  { route: 'GET /api/v1/programme/calls/:id/applications', path: (c) => `/api/v1/programme/calls/${c.calls.published}/applications`, expect: only({ programme_manager: 200 }) },
  { route: 'GET /api/v1/programme/calls/:id/applications', label: 'unknown call', path: () => `/api/v1/programme/calls/${uuid}/applications`, expect: only({ programme_manager: 404 }) },
  { route: 'GET /api/v1/programme/applications/:id', path: (c) => `/api/v1/programme/applications/${c.application}`, expect: only({ programme_manager: 200 }) },
  { route: 'GET /api/v1/programme/applications/:id', label: 'unknown application', path: () => `/api/v1/programme/applications/${uuid}`, expect: only({ programme_manager: 404 }) },
  // The panel review (docs/calls.md "Review"): programme managers run it; any staff member but an admin reviews once on a call's panel
  // (the matrix's staff are on none: 404, as for what does not exist); admins are refused by the policy.
  { route: 'GET /api/v1/programme/calls/:id/rubric', path: (c) => `/api/v1/programme/calls/${c.calls.published}/rubric`, expect: panel(200, 404) },
  {
    route: 'PUT /api/v1/programme/calls/:id/rubric',
    path: (c) => `/api/v1/programme/calls/${c.calls.published}/rubric`,
    body: () => ({ criteria: [{ id: 'relevance', labels: { en: 'Relevance' }, weight: 2 }] }),
    expect: only({ programme_manager: 200 }),
  },
  { route: 'GET /api/v1/programme/calls/:id/reviewers', path: (c) => `/api/v1/programme/calls/${c.calls.published}/reviewers`, expect: only({ programme_manager: 200 }) },
  {
    route: 'POST /api/v1/programme/calls/:id/reviewers',
    path: (c) => `/api/v1/programme/calls/${c.calls.published}/reviewers`,
    body: (c) => ({ reviewerId: c.somebody.id, kind: 'staff', applicationIds: [c.application] }),
    expect: only({ programme_manager: 201 }),
  },
  { route: 'DELETE /api/v1/programme/calls/:id/reviewers/:reviewerId', path: (c) => `/api/v1/programme/calls/${c.calls.published}/reviewers/${c.somebody.id}`, expect: only({ programme_manager: 204 }) },
  { route: 'GET /api/v1/programme/reviews', path: () => '/api/v1/programme/reviews', expect: panel(200, 200) },
  { route: 'POST /api/v1/programme/conflicts', label: 'unknown application', path: () => '/api/v1/programme/conflicts', body: () => ({ applicationId: uuid }), expect: panel(404, 404) },
  { route: 'GET /api/v1/programme/applications/:id/reviews', path: (c) => `/api/v1/programme/applications/${c.application}/reviews`, expect: panel(200, 404) },
  {
    route: 'PUT /api/v1/programme/applications/:id/review',
    label: 'not on the panel',
    path: (c) => `/api/v1/programme/applications/${c.application}/review`,
    body: () => ({ scores: { relevance: 3 }, comment: null, submit: false }),
    expect: panel(404, 404),
  },
  { route: 'GET /api/v1/programme/calls/:id/ranking', path: (c) => `/api/v1/programme/calls/${c.calls.published}/ranking`, expect: only({ programme_manager: 200 }) },
  { route: 'GET /api/v1/programme/calls/:id/decisions', path: (c) => `/api/v1/programme/calls/${c.calls.published}/decisions`, expect: only({ programme_manager: 200 }) },
  {
    route: 'POST /api/v1/programme/applications/:id/decision',
    label: 'call not closed yet',
    path: (c) => `/api/v1/programme/applications/${c.application}/decision`,
    body: () => ({ kind: 'propose', outcome: 'accept' }),
    expect: only({ programme_manager: 409 }),
  },
  // Referees (docs/calls.md "Referees"): the applicant names and revokes; whoever holds a link's token writes once; programme managers read.
  { route: 'GET /api/v1/requester/application/referees', label: 'own referees', path: () => '/api/v1/requester/application/referees', expect: requesterOnly(200) },
  { route: 'POST /api/v1/requester/application/referees', path: () => '/api/v1/requester/application/referees', body: () => ({}), expect: requesterOnly(422) },
  {
    route: 'POST /api/v1/requester/application/referees/:id/revocation',
    label: 'call not open yet',
    path: (c) => `/api/v1/requester/application/referees/${c.referees.invited}/revocation`,
    body: () => ({}),
    expect: requesterOnly(409),
  },
  {
    route: 'POST /api/v1/requester/application/referees/:id/revocation',
    label: 'unknown referee',
    path: () => `/api/v1/requester/application/referees/${uuid}/revocation`,
    body: () => ({}),
    expect: requesterOnly(404),
  },
  { route: 'POST /api/v1/referee/link', label: 'unknown link', path: () => '/api/v1/referee/link', body: () => ({ token: 'x'.repeat(43) }), expect: all(404) },
  { route: 'POST /api/v1/referee/link', label: 'used link', path: () => '/api/v1/referee/link', body: (c) => ({ token: c.referees.usedToken }), expect: all(409) },
  { route: 'POST /api/v1/referee/letter', path: () => '/api/v1/referee/letter', body: () => ({}), expect: all(422) },
  { route: 'GET /api/v1/programme/applications/:id/referees', path: (c) => `/api/v1/programme/applications/${c.application}/referees`, expect: only({ programme_manager: 200 }) },
  { route: 'GET /api/v1/programme/applications/:id/referees', label: 'unknown application', path: () => `/api/v1/programme/applications/${uuid}/referees`, expect: only({ programme_manager: 404 }) },
  { route: 'GET /api/v1/programme/referees/:id/letter', path: (c) => `/api/v1/programme/referees/${c.referees.withLetter}/letter`, expect: only({ programme_manager: 200 }) },
  { route: 'GET /api/v1/programme/referees/:id/letter', label: 'no letter yet', path: (c) => `/api/v1/programme/referees/${c.referees.invited}/letter`, expect: only({ programme_manager: 404 }) },
];

describe('authorization matrix', () => {
  let t: TestApp;
  let root: RootKeys;
  const people = {} as Record<StaffCaller, TestPerson>;
  let ctx: Context;
  let requesterId: string;

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk) });
    await t.app.get(AuditCheckpointService).checkpoint(); // so that there is a newest checkpoint to serve
    const legal = await deskId(t, 'legal');
    const medical = await deskId(t, 'medical');
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    people.admin = admin;
    const roles: Record<Exclude<StaffCaller, 'admin'>, { roles: StaffRole[]; deskIds?: string[]; leadDeskIds?: string[] }> = {
      caseworker: { roles: ['caseworker'], deskIds: [legal] },
      desk_lead: { roles: ['caseworker', 'desk_lead'], leadDeskIds: [legal] },
      finance_officer: { roles: ['finance_officer'] },
      finance_approver: { roles: ['finance_approver'] },
      director: { roles: ['director'] },
      programme_manager: { roles: ['programme_manager'] },
      auditor: { roles: ['auditor'] },
    };
    for (const [name, spec] of Object.entries(roles)) people[name as keyof typeof roles] = await createPerson(t, { ...spec, certifyWith: { admin } });
    const somebody = await createPerson(t, { roles: ['caseworker'], certifyWith: { admin } });
    const requesterKey = generateIdentityKeys();
    const [row] = await t.dataSource.query(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $3) RETURNING id`, [
      kidOf(requesterKey.signPk),
      encodePublicKey(requesterKey.encPk),
      encodePublicKey(requesterKey.signPk),
    ]);
    requesterId = row.id;
    const [other] = await t.dataSource.query(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $2) RETURNING id`, ['D'.repeat(22), 'E'.repeat(43)]);
    const newCase = async (owner: string, requester: string | null) => {
      const id = randomUUID();
      await t.dataSource.query(
        `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, requester_id, first_response_due_at)
         VALUES ($1, 'legal', 'KZ', 'ru', 'normal', 'new', $2, $3, now() + interval '3 days')`,
        [id, owner, requester],
      );
      return id;
    };
    const [rule] = await t.dataSource.query(`INSERT INTO routing_rules (priority, desk_id) VALUES (1, $1) RETURNING id`, [legal]);
    ctx = {
      legal,
      medical,
      admin,
      somebody,
      people,
      ownCase: await newCase(legal, requesterId),
      otherCase: await newCase(medical, other.id),
      ownMove: await newCase(legal, null),
      otherMove: await newCase(medical, null),
      ruleId: rule.id,
      requesterKey,
      files: { done: '', pending: '', pendingChunk: Buffer.alloc(0), note: '', other: '' },
      money: { fundId: '', reportGrant: '', ownGrant: '', otherGrant: '', reportId: '', scheduled: '', sent: '', doneFile: '', pendingFile: '', pendingChunk: Buffer.alloc(0), otherFile: '' },
      grants: { fundId: '', lineId: '', draft: '', submitted: '', other: '' },
      calls: {
        draft: await insertCall(t, people.programme_manager.id, 'draft'),
        toPublish: await insertCall(t, people.programme_manager.id, 'draft'),
        published: await insertCall(t, people.programme_manager.id, 'published'),
      },
      application: randomUUID(),
      referees: { invited: randomUUID(), withLetter: randomUUID(), usedToken: randomBytes(32).toString('base64url') },
    };
    // The requester's application, straight in the database (applications.int-spec makes them through the api).
    await t.dataSource.query(
      `INSERT INTO call_applications (id, call_id, requester_id, applicant_kind, country, language, submit_digest, created_at, updated_at)
       VALUES ($1, $2, $3, 'person', 'KZ', 'ru', $4, now(), now())`,
      [ctx.application, ctx.calls.published, requesterId, createHash('sha256').update('matrix').digest()],
    );
    await t.dataSource.query(`INSERT INTO call_application_versions (application_id, version, ciphertext, author_kid, created_at) VALUES ($1, 1, $2, $3, now())`, [
      ctx.application,
      `a1.${'A'.repeat(22)}.${'B'.repeat(32)}.${'C'.repeat(64)}`,
      kidOf(requesterKey.signPk),
    ]);
    await t.dataSource.query(
      `INSERT INTO call_application_envelopes (application_id, version, recipient_kind, sealed_key, sealer_kid, signature, created_at) VALUES ($1, 1, 'requester', $2, $3, $4, now())`,
      [ctx.application, fakeEnvelope.sealedKey, fakeEnvelope.sealerKid, fakeEnvelope.signature],
    );
    // Its referees, straight in the database (referees.int-spec makes them through the api): the used one's token hashed as the api does.
    const ciphertextRow = `a1.${'A'.repeat(22)}.${'B'.repeat(32)}.${'C'.repeat(64)}`;
    for (const [id, used] of [[ctx.referees.invited, false], [ctx.referees.withLetter, true]] as const) {
      await t.dataSource.query(
        `INSERT INTO call_referees (id, application_id, token_hash, status, details, details_author_kid, created_at, expires_at, letter_at)
         VALUES ($1, $2, $3, $4, $5, $6, now(), now() + interval '14 days', $7)`,
        [
          id,
          ctx.application,
          createHash('sha256').update(used ? ctx.referees.usedToken : randomBytes(32).toString('base64url')).digest(),
          used ? 'letter_received' : 'invited',
          ciphertextRow,
          kidOf(requesterKey.signPk),
          used ? new Date() : null,
        ],
      );
      await t.dataSource.query(
        `INSERT INTO call_referee_envelopes (referee_id, sealed_for, recipient_kind, sealed_key, sealer_kid, signature, created_at) VALUES ($1, 'details', 'requester', $2, $3, $4, now())`,
        [id, fakeEnvelope.sealedKey, fakeEnvelope.sealerKid, fakeEnvelope.signature],
      );
    }
    await t.dataSource.query(`INSERT INTO call_referee_letters (referee_id, id, ciphertext, author_kid, sign_pk, created_at) VALUES ($1, $2, $3, $4, $5, now())`, [
      ctx.referees.withLetter,
      randomUUID(),
      ciphertextRow,
      'G'.repeat(22),
      'E'.repeat(43),
    ]);
    // A fund and line, and grants straight in the database (the grant tests make them through the api).
    const [fundRow] = await t.dataSource.query(
      `INSERT INTO funds (name, donor, currency, total_minor, allocated_minor, period_start, period_end, approval_policy, created_by)
       VALUES ('Matrix', 'Donor', 'EUR', 10000000, 1000000, '2026-01-01', '2027-12-31', $1, $2) RETURNING id`,
      [JSON.stringify(DEFAULT_APPROVAL_POLICY), admin.id],
    );
    const [lineRow] = await t.dataSource.query(`INSERT INTO budget_lines (fund_id, purpose, allocated_minor) VALUES ($1, 'legal_fees', 1000000) RETURNING id`, [fundRow.id]);
    const grantRow = async (caseId: string, requester: string, status: string) => {
      const id = randomUUID();
      await t.dataSource.query(
        `INSERT INTO grants (id, case_id, requester_id, fund_id, budget_line_id, currency, amount_minor, purpose, status, proposer_id)
         VALUES ($1, $2, $3, $4, $5, 'EUR', 1000, 'legal_fees', $6, $7)`,
        [id, caseId, requester, fundRow.id, lineRow.id, status, somebody.id],
      );
      return id;
    };
    ctx.grants = {
      fundId: fundRow.id,
      lineId: lineRow.id,
      draft: await grantRow(ctx.ownCase, requesterId, 'draft'),
      submitted: await grantRow(ctx.ownCase, requesterId, 'submitted'),
      other: await grantRow(ctx.otherCase, other.id, 'draft'),
    };
    // Notes and notes' files go under the case's staff-only key: the own case has one.
    await staffKeyRow(t, ctx.ownCase, people.caseworker.id);
    // Files: the requester uploads one whole and starts another through the api; the others are rows.
    const asRequester = await credentials('requester');
    const send = (method: 'post' | 'put', path: string) => withPow(request(t.http)[method](path), t.http, method === 'post' ? powActionOf(path) : undefined).set('cookie', asRequester.cookie!).set('x-csrf-token', asRequester.csrf!);
    const done = encryptTestFile(generateCaseKey(), ctx.ownCase, randomUUID(), Buffer.from('matrix file'), 'done.txt');
    await send('post', `/api/v1/cases/${ctx.ownCase}/files`).send(done.body).expect(201);
    await send('put', `/api/v1/cases/${ctx.ownCase}/files/${done.fileId}/chunks/0`).set('content-type', 'application/octet-stream').send(done.chunks[0]!).expect(204);
    await send('post', `/api/v1/cases/${ctx.ownCase}/files/${done.fileId}/complete`).expect(204);
    const pending = encryptTestFile(generateCaseKey(), ctx.ownCase, randomUUID(), Buffer.from('matrix pending'), 'pending.txt');
    await send('post', `/api/v1/cases/${ctx.ownCase}/files`).send(pending.body).expect(201);
    const fileRow = async (caseId: string, kind: 'note' | 'request', uploader: { kind: 'staff' | 'requester'; id: string }) => {
      const f = encryptTestFile(generateCaseKey(), caseId, randomUUID(), Buffer.from('row'), 'row.txt').body;
      await t.dataSource.query(
        `INSERT INTO case_files (id, case_id, record_kind, uploader_kind, uploader_id, header, meta, wrapped_key, encrypted_size, chunk_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [f.fileId, caseId, kind, uploader.kind, uploader.id, f.header, f.meta, f.wrappedKey, f.encryptedSize, f.chunkCount],
      );
      return f.fileId;
    };
    ctx.files = {
      done: done.fileId,
      pending: pending.fileId,
      pendingChunk: pending.chunks[0]!,
      note: await fileRow(ctx.ownCase, 'note', { kind: 'staff', id: people.caseworker.id }),
      other: await fileRow(ctx.otherCase, 'request', { kind: 'requester', id: other.id }),
    };
    // Money: grants on the own case (the requester's) and the other case, paid a first tranche so that they are disbursing.
    const fund = await testFund(t, people.finance_officer);
    const asOfficer = await credentials('finance_officer');
    const officerPost = (path: string, body: object) => request(t.http).post(path).set('cookie', asOfficer.cookie!).set('x-csrf-token', asOfficer.csrf!).send(body);
    const disbursing = async (caseId: string, requester: string) => {
      const grantId = await approvedGrant(t, fund, people.caseworker, 100_000n, { caseId, requesterId: requester });
      const tr = await officerPost(`/api/v1/grants/${grantId}/tranches`, { plannedMinor: '1000', method: 'bank_transfer', scheduledOn: '2026-12-10' }).expect(201);
      await officerPost(`/api/v1/grants/${grantId}/tranches/${tr.body.id}/send`, { paidMinor: '1000', paidCurrency: 'EUR', rate: '1', rateSource: 'fund', rateAt: '2026-12-07T09:00:00Z' }).expect(200);
      return { grantId, sent: tr.body.id as string };
    };
    const own = await disbursing(ctx.ownCase, requesterId);
    const reportGrant = await disbursing(ctx.ownCase, requesterId);
    const otherGrant = await disbursing(ctx.otherCase, other.id);
    const scheduled = await officerPost(`/api/v1/grants/${own.grantId}/tranches`, { plannedMinor: '100', method: 'mobile_money', scheduledOn: '2026-12-11' }).expect(201);
    const report = grantReport(ctx, own.grantId);
    await send('post', `/api/v1/requester/grants/${own.grantId}/reports`).send(report).expect(201);
    const doneFile = encryptReportFile(generateGrantKey(), own.grantId, Buffer.from('matrix receipt done'));
    await send('post', `/api/v1/requester/grants/${own.grantId}/reports/${report.id}/files`).send(doneFile.body).expect(201);
    await send('put', `/api/v1/requester/grants/${own.grantId}/files/${doneFile.fileId}/chunks/0`).set('content-type', 'application/octet-stream').send(doneFile.chunks[0]!).expect(204);
    await send('post', `/api/v1/requester/grants/${own.grantId}/files/${doneFile.fileId}/complete`).expect(204);
    const pendingFile = encryptReportFile(generateGrantKey(), own.grantId, Buffer.from('matrix receipt pending'));
    await send('post', `/api/v1/requester/grants/${own.grantId}/reports/${report.id}/files`).send(pendingFile.body).expect(201);
    // The other grant's report and file as rows (another requester's), its one chunk stored like any.
    const otherReport = randomUUID();
    await t.dataSource.query(`INSERT INTO grant_reports (id, grant_id, ciphertext, author_kind, author_id, author_kid) VALUES ($1, $2, $3, 'requester', $4, $5)`, [
      otherReport,
      otherGrant.grantId,
      report.ciphertext,
      other.id,
      'D'.repeat(22),
    ]);
    const otherFile = encryptReportFile(generateGrantKey(), otherGrant.grantId, Buffer.from('other receipt'));
    await t.dataSource.query(
      `INSERT INTO grant_files (id, grant_id, report_id, uploader_kind, uploader_id, header, meta, wrapped_key, encrypted_size, chunk_count, received_chunks, completed_at)
       VALUES ($1, $2, $3, 'requester', $4, $5, $6, $7, $8, 1, 1, now())`,
      [otherFile.fileId, otherGrant.grantId, otherReport, other.id, otherFile.body.header, otherFile.body.meta, otherFile.body.wrappedKey, otherFile.body.encryptedSize],
    );
    const blobKey = `grants/${otherGrant.grantId}/files/${otherFile.fileId}/0-matrix`;
    await t.app.get<BlobStore>(BLOB_STORE).put(blobKey, otherFile.chunks[0]!);
    await t.dataSource.query(`INSERT INTO grant_file_chunks (file_id, index, blob_key, size, digest) VALUES ($1, 0, $2, $3, $4)`, [
      otherFile.fileId,
      blobKey,
      otherFile.chunks[0]!.length,
      createHash('sha256').update(otherFile.chunks[0]!).digest(),
    ]);
    ctx.money = {
      fundId: fund.fundId,
      reportGrant: reportGrant.grantId,
      ownGrant: own.grantId,
      otherGrant: otherGrant.grantId,
      reportId: report.id,
      scheduled: scheduled.body.id,
      sent: own.sent,
      doneFile: doneFile.fileId,
      pendingFile: pendingFile.fileId,
      pendingChunk: pendingFile.chunks[0]!,
      otherFile: otherFile.fileId,
    };
  });
  afterAll(() => t.close());

  /** A fresh, stepped-up session for the caller: the Cookie header and CSRF token. */
  async function credentials(caller: Caller): Promise<{ cookie?: string; csrf?: string }> {
    if (caller === 'anonymous') return {};
    const sessions = t.app.get(SessionStore);
    const subject = caller === 'requester' ? { kind: 'requester' as const, requesterId } : { kind: 'staff' as const, staffId: people[caller].id, credentialId: 'matrix' };
    const { sid, session } = await sessions.create(subject);
    await sessions.markSteppedUp(session);
    return { cookie: `__Host-ashar_sid=${sid}`, csrf: session.csrfToken };
  }

  async function clearRateLimits(): Promise<void> {
    const redis = t.app.get(RedisStore);
    const keys = await redis.client.keys(redis.key('rl', '*'));
    if (keys.length > 0) await redis.client.del(...keys);
  }

  it('has a row for every route of the router, and no row for a route that does not exist', () => {
    const registered = new Set(registeredRoutes(t.app).map((r) => r.key));
    const covered = new Set(ROWS.map((r) => r.route));
    expect([...registered].filter((r) => !covered.has(r)).sort()).toEqual([]);
    expect([...covered].filter((r) => !registered.has(r)).sort()).toEqual([]);
  });

  for (const row of ROWS) {
    it(`${row.route}${row.label ? ` (${row.label})` : ''}`, async () => {
      await clearRateLimits();
      const [method, template] = row.route.split(' ') as [string, string];
      const got: Partial<Expect> = {};
      for (const caller of CALLERS) {
        const { cookie, csrf } = await credentials(caller);
        let req = request(t.http)[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](row.path(ctx));
        // The anonymous actions' proof of work (pow.int-spec.ts tests it): every caller brings one, so the matrix tests the policy.
        if (method === 'POST') req = withPow(req, t.http, powActionOf(row.path(ctx)));
        if (cookie) req = req.set('cookie', cookie);
        if (csrf) req = req.set('x-csrf-token', csrf);
        const body = row.body?.(ctx, caller);
        if (Buffer.isBuffer(body)) req = req.set('content-type', 'application/octet-stream');
        const res = row.body ? await req.send(body as object) : await req;
        got[caller] = res.status;
      }
      expect({ route: template, got }).toEqual({ route: template, got: row.expect });
    });
  }

  it('answers 401 to a signed-in call whose session has ended, and 403 without the CSRF token', async () => {
    const { cookie } = await credentials('admin');
    await request(t.http).post('/api/v1/staff/invitations').set('cookie', cookie!).send({ displayName: 'X', roles: ['caseworker'] }).expect(403);
    await request(t.http).get('/api/v1/auth/session').set('cookie', '__Host-ashar_sid=' + 'Z'.repeat(43)).expect(401);
  });

  it('refuses a session of a suspended member as if signed out', async () => {
    const person = await createPerson(t, { roles: ['caseworker'] });
    await request(t.http).get('/api/v1/auth/session').set('cookie', person.cookie).expect(200);
    await t.dataSource.query(`UPDATE staff_members SET status = 'suspended' WHERE id = $1`, [person.id]);
    await request(t.http).get('/api/v1/auth/session').set('cookie', person.cookie).expect(401);
  });
});

