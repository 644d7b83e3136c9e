/** The audit log's public surface for the other contexts of the api. */
export { AUDIT_ACTIONS, ACTOR_KINDS, SUBJECT_TYPES, isAuditAction, type AuditAction, type AuditActor, type AuditSubjectType, type ActorKind } from './audit-actions';
export { AuditEventError, type AuditData, type AuditDataValue, type AuditEvent } from './audit-event';
export { AuditModule } from './audit.module';
export { AuditService, type RecordedAuditEvent } from './audit.service';
export { TAKE_HEAD_SQL, headOf, type ChainHead } from './audit.repository';
