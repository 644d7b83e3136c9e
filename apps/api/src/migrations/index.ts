import { Foundation1763700000000 } from './1763700000000-foundation';
import { AuditLog1763700000100 } from './1763700000100-audit-log';
import { Identity1763700000200 } from './1763700000200-identity';
import { DeskKeys1763700000300 } from './1763700000300-desk-keys';
import { AidCases1763700000400 } from './1763700000400-aid-cases';
import { CaseFiles1763700000500 } from './1763700000500-case-files';
import { InboxOpenCases1763700000600 } from './1763700000600-inbox-open-cases';
import { AuditChainHead1763700000700 } from './1763700000700-audit-chain-head';
import { InboxAssignee1763700000800 } from './1763700000800-inbox-assignee';
import { IntakeContextVersion1763700000900 } from './1763700000900-intake-context-version';
import { AuditSha2561763700001000 } from './1763700001000-audit-sha256';
import { StaffAccessNotify1763700001100 } from './1763700001100-staff-access-notify';
import { KeyEnvelopes1763700001200 } from './1763700001200-key-envelopes';
import { DropStaffAccessNotify1763700001300 } from './1763700001300-drop-staff-access-notify';
import { DeskTrust1763700001600 } from './1763700001600-desk-trust';
import { StaffOnlyKeys1763700002000 } from './1763700002000-staff-only-keys';
import { KeyEpochs1763700002100 } from './1763700002100-key-epochs';
import { AdminExclusive1763700003000 } from './1763700003000-admin-exclusive';
import { InstanceId1763700004000 } from './1763700004000-instance-id';
import { IntakeDigest1763700004100 } from './1763700004100-intake-digest';
import { RequesterTimes1763700004200 } from './1763700004200-requester-times';
import { AppLogin1763700005000 } from './1763700005000-app-login';
import { MiniGrants1763700006000 } from './1763700006000-mini-grants';
import { GrantReportReminders1763700006500 } from './1763700006500-grant-report-reminders';
import { StaffLanguage1763700007000 } from './1763700007000-staff-language';
import { FirstWeek1763700007100 } from './1763700007100-first-week';
import { Calls1763700017000 } from './1763700017000-calls';
import { Applications1763700017100 } from './1763700017100-applications';
import { Reviews1763700017200 } from './1763700017200-reviews';
import { Referees1763700017300 } from './1763700017300-referees';

/**
 * Every migration, listed in timestamp order (TypeORM runs them by timestamp).
 * A landed migration is never edited: add a new one.
 */
export const MIGRATIONS = [
  Foundation1763700000000,
  AuditLog1763700000100,
  Identity1763700000200,
  DeskKeys1763700000300,
  AidCases1763700000400,
  CaseFiles1763700000500,
  InboxOpenCases1763700000600,
  AuditChainHead1763700000700,
  InboxAssignee1763700000800,
  IntakeContextVersion1763700000900,
  AuditSha2561763700001000,
  StaffAccessNotify1763700001100,
  KeyEnvelopes1763700001200,
  DropStaffAccessNotify1763700001300,
  DeskTrust1763700001600,
  StaffOnlyKeys1763700002000,
  KeyEpochs1763700002100,
  AdminExclusive1763700003000,
  InstanceId1763700004000,
  IntakeDigest1763700004100,
  RequesterTimes1763700004200,
  AppLogin1763700005000,
  MiniGrants1763700006000,
  GrantReportReminders1763700006500,
  StaffLanguage1763700007000,
  FirstWeek1763700007100,
  Calls1763700017000,
  Applications1763700017100,
  Reviews1763700017200,
  Referees1763700017300,
];
