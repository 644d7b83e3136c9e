import { Global, Module } from '@nestjs/common';
import { AuditCheckpointProcessor } from './audit-checkpoint.processor';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The audit log, injectable everywhere: every context records its acts through AuditService. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}

/** The api's side of the checkpoints: the newest one, served to auditors from AUDIT_CHECKPOINT_DIR. */
@Module({ controllers: [AuditController] })
export class AuditHttpModule {}

/** The worker's side: the repeatable job that signs the chain's head into AUDIT_CHECKPOINT_DIR. */
@Module({ providers: [AuditCheckpointService, AuditCheckpointProcessor], exports: [AuditCheckpointService] })
export class AuditWorkerModule {}
