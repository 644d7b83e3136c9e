/**
 * What the ability reasons about: each subject with the fields the server keeps in clear
 * (crypto.md, "What stays in clear"), and the actions that make sense on it. Content is never a
 * field here: notes, messages, files, payee details and applications are ciphertext the
 * ability only lets someone fetch.
 *
 * | subject | actions | meaning of the less obvious ones |
 * | --- | --- | --- |
 * | AidCase | create, read, update, triage, assign, refer, transition, write_note, write_message, attach_file | triage: set type/urgency/route; assign: set the assignee; refer: add a collaborating desk (seal the case key to it); transition: move in the lifecycle (case-lifecycle.ts says which move) |
 * | CaseRecord | read | records are append-only; writing is `write_note`/`write_message` on the AidCase |
 * | CaseFile | read | attaching is `attach_file` on the AidCase |
 * | Desk | create, read, update, certify, seal_desk_key | read: name and certified public key (public, needed to seal); seal_desk_key: seal the desk key to a member, rotate, re-seal |
 * | DeskMembership | create, read, delete | add or remove a member or lead (deskStaffed: whether the desk has members; SPEC.md §17.2) |
 * | DeskKeyEnvelope | create, read, delete | a desk secret key sealed to one member |
 * | StaffMember | read, update, suspend, certify | certify: sign the person's identity keys |
 * | Invitation | create, read, delete | |
 * | Certificate | read, revoke | public: everyone verifies the chain before sealing |
 * | RoutingRule | create, read, update, delete | |
 * | AuditEvent | read | written by the api only, never through the ability |
 * | Report | read, export | aggregate, SLA or ledger reports |
 * | Fund | create, read, update | |
 * | Grant | create, read, update, submit, approve, disburse, accept | approve: approve or reject; accept: the grantee accepts |
 * | GrantPayee | create, read, update | the encrypted payee details of a grant |
 * | FellowshipCall | create, read, update | a call for applications (docs/calls.md); update covers its transitions (publish, close, decide, archive) |
 * | FellowshipApplication | create, read, update, review | an application to a call (docs/calls.md): create: apply (anyone); update: a new version or a withdrawal (the applicant); review: score it, declare a conflict (an assigned reviewer; docs/calls.md "Review") |
 *
 * `manage` is CASL's "any action" and is accepted on every subject; the factory uses it only
 * where every action is harmless to grant (see ability.ts).
 */
import { type ForcedSubject } from '@casl/ability';
import { type RoutingRule } from './routing';
import { type CaseStatus, type GrantStatus, type RecordKind, type RequestType, type Urgency } from './vocabulary';

export const SUBJECT_ACTIONS = {
  AidCase: ['create', 'read', 'update', 'triage', 'assign', 'refer', 'transition', 'write_note', 'write_message', 'attach_file'],
  CaseRecord: ['read'],
  CaseFile: ['read'],
  Desk: ['create', 'read', 'update', 'certify', 'seal_desk_key'],
  DeskMembership: ['create', 'read', 'delete'],
  DeskKeyEnvelope: ['create', 'read', 'delete'],
  StaffMember: ['read', 'update', 'suspend', 'certify'],
  Invitation: ['create', 'read', 'delete'],
  Certificate: ['read', 'revoke'],
  RoutingRule: ['create', 'read', 'update', 'delete'],
  AuditEvent: ['read'],
  Report: ['read', 'export'],
  Fund: ['create', 'read', 'update'],
  Grant: ['create', 'read', 'update', 'submit', 'approve', 'disburse', 'accept'],
  GrantPayee: ['create', 'read', 'update'],
  FellowshipCall: ['create', 'read', 'update'],
  FellowshipApplication: ['create', 'read', 'update', 'review'],
} as const;

export type SubjectName = keyof typeof SUBJECT_ACTIONS;
export const SUBJECT_NAMES = Object.keys(SUBJECT_ACTIONS) as SubjectName[];

/** CASL's wildcard action. */
export type AnyAction = 'manage';
export type ActionOn<S extends SubjectName> = (typeof SUBJECT_ACTIONS)[S][number] | AnyAction;
export type Action = ActionOn<SubjectName>;

export interface AidCase {
  readonly id: string;
  readonly ownerDeskId: string;
  readonly collaboratorDeskIds: readonly string[];
  readonly assigneeId: string | null;
  /** Null when staff opened the case for someone who has no receipt code. */
  readonly requesterId: string | null;
  readonly status: CaseStatus;
  readonly requestType: RequestType;
  readonly urgency: Urgency;
}

/**
 * The facts of a case that decide who may touch what belongs to it. Records and files carry
 * them under the case's own field names, so one rule condition serves all three subjects and
 * the SQL maps them to the joined case row.
 */
export type CaseAccess = Pick<AidCase, 'ownerDeskId' | 'collaboratorDeskIds' | 'assigneeId' | 'requesterId'>;

export interface CaseRecord extends CaseAccess {
  readonly id: string;
  readonly caseId: string;
  readonly recordKind: RecordKind;
}

export interface CaseFile extends CaseAccess {
  readonly id: string;
  readonly caseId: string;
  /** The kind of record the file is attached to; files of notes are staff-only. */
  readonly recordKind: RecordKind;
}

export interface Desk {
  readonly id: string;
  readonly slug: string;
}

export interface DeskMembership {
  readonly deskId: string;
  readonly userId: string;
  readonly isLead: boolean;
  /** Whether the desk has any member at all (before this change): an admin may only give an unstaffed desk its first lead. */
  readonly deskStaffed: boolean;
}

export interface DeskKeyEnvelope {
  readonly deskId: string;
  readonly deskKeyVersion: number;
  readonly recipientId: string;
}

export interface StaffMember {
  readonly id: string;
  readonly status: 'invited' | 'active' | 'suspended';
}

export interface Invitation {
  readonly id: string;
  readonly invitedById: string;
}

export interface Certificate {
  readonly id: string;
  readonly subjectKind: 'staff' | 'desk';
  readonly subjectId: string;
}

export interface AuditEvent {
  readonly id: string;
  readonly action: string;
  readonly actorId: string | null;
}

export const REPORT_KINDS = ['aggregate', 'sla', 'ledger'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface Report {
  readonly reportKind: ReportKind;
  /** Set for per-desk reports (SLA). */
  readonly deskId: string | null;
}

export interface Fund {
  readonly id: string;
}

export interface Grant {
  readonly id: string;
  readonly proposerId: string;
  readonly fundId: string;
  readonly status: GrantStatus;
  /** Null for a fellowship stipend, which has no case. */
  readonly caseId: string | null;
  /** Owning and collaborating desks of the case at the time of the check. */
  readonly caseDeskIds: readonly string[];
  readonly caseAssigneeId: string | null;
  /** The grantee, when they are a requester. */
  readonly requesterId: string | null;
}

export interface GrantPayee {
  readonly grantId: string;
  readonly caseDeskIds: readonly string[];
  readonly caseAssigneeId: string | null;
  readonly requesterId: string | null;
}

export interface FellowshipCall {
  readonly id: string;
}

export interface FellowshipApplication {
  readonly id: string;
  readonly callId: string;
  /** The applicant's account (receipt keys, as a requester); null once it was purged. */
  readonly requesterId: string | null;
  /** The people on the call's panel for this application (assigned to it or to the whole call), when the check is about reviewing it. */
  readonly reviewerIds?: readonly string[];
}

export interface SubjectMap {
  AidCase: AidCase;
  CaseRecord: CaseRecord;
  CaseFile: CaseFile;
  Desk: Desk;
  DeskMembership: DeskMembership;
  DeskKeyEnvelope: DeskKeyEnvelope;
  StaffMember: StaffMember;
  Invitation: Invitation;
  Certificate: Certificate;
  RoutingRule: RoutingRule & { readonly id: string };
  AuditEvent: AuditEvent;
  Report: Report;
  Fund: Fund;
  Grant: Grant;
  GrantPayee: GrantPayee;
  FellowshipCall: FellowshipCall;
  FellowshipApplication: FellowshipApplication;
}

/** A subject instance tagged with its type, as `ability.can` wants it (see `asSubject`). */
export type TaggedSubject<S extends SubjectName> = SubjectMap[S] & ForcedSubject<S>;
