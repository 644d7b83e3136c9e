/** The audit log's public surface for the other contexts of the api. */
export { AUDIT_ACTIONS, ACTOR_KINDS, SUBJECT_TYPES, isAuditAction, type AuditAction, type AuditActor, type AuditSubjectType, type ActorKind } from './audit-actions';
export { AuditEventError, toAuditFields, type AuditData, type AuditDataValue, type AuditEvent, type AuditEventFields } from './audit-event';
export { AuditModule } from './audit.module';
export { AuditService, type RecordedAuditEvent } from './audit.service';
export { appendAuditSql, sqlOfClient } from './audit.repository';
export { DEFAULT_BATCH_SIZE, describeVerification, verifyAuditChain } from './audit-verify';
