import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuditCheckpoint } from '@ashar/crypto';
import { type Answer, DomainError, GeneralError, auditContract as c } from '@ashar/domain';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { Public } from '../policy';
import { CheckpointDirectory } from './audit-checkpoints';

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  private readonly directory: CheckpointDirectory;
  /** The newest checkpoint as of the directory's last change: one stat per request, a read only after the worker added a file. */
  private cached: { changedAt: number; checkpoint: AuditCheckpoint | null } | null = null;

  constructor(@Inject(ASHAR_CONFIG) config: AsharConfig) {
    this.directory = new CheckpointDirectory(config.AUDIT_CHECKPOINT_DIR);
  }

  @Get('checkpoints/latest')
  @Public('a signed count and hash of the audit chain, nothing about its events: auditors outside the organisation keep copies of it')
  @ApiOperation({ summary: 'The newest signed checkpoint of the audit chain’s head (check it with the checkpoint public key you pinned); 404 before the first' })
  async latestCheckpoint(): Answer<typeof c.latestCheckpoint> {
    const changedAt = await this.directory.changedAt();
    if (changedAt === null || this.cached?.changedAt !== changedAt) {
      this.cached = changedAt === null ? null : { changedAt, checkpoint: await this.directory.latest() };
    }
    const checkpoint = this.cached?.checkpoint;
    if (!checkpoint) throw new DomainError(GeneralError.NotFound, 'no audit checkpoint has been written yet');
    return checkpoint;
  }
}
