import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The audit log, injectable everywhere: every context records its acts through AuditService. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
