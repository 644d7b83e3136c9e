/** The audit log's public surface for the other contexts of the api. */
export { AUDIT_ACTIONS, ACTOR_KINDS, SUBJECT_TYPES, isAuditAction, type AuditAction, type AuditActor, type AuditSubjectType, type ActorKind } from './audit-actions';
export { AuditEventError, toAuditFields, type AuditData, type AuditDataValue, type AuditEvent, type AuditEventFields } from './audit-event';
export { AuditHttpModule, AuditModule, AuditWorkerModule } from './audit.module';
export { AuditCheckpointService } from './audit-checkpoint.service';
export { AUDIT_CHECKPOINT } from './audit-checkpoint.processor';
export { CheckpointDirectory, CheckpointRefusedError, type CheckpointOutcome, checkpointFileName, loadCheckpointKey, makeAuditCheckpoint } from './audit-checkpoints';
export { AuditService, type RecordedAuditEvent } from './audit.service';
export { appendAuditSql, sqlOfClient } from './audit.repository';
export { type AuditVerification, type ChainCheckpoint, DEFAULT_BATCH_SIZE, GENESIS_HEX, describeVerification, verifyAuditChain } from './audit-verify';
