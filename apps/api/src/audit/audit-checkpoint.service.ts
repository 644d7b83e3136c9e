import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuditCheckpoint, type AuditCheckpointKeys, encodePublicKey, kidFingerprint, kidOf } from '@ashar/crypto';
import { type DataSource } from 'typeorm';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { INSTANCE_ID } from '../database';
import { CheckpointDirectory, type CheckpointOutcome, loadCheckpointKey, makeAuditCheckpoint } from './audit-checkpoints';
import { sqlOfManager } from './audit.repository';

/** The worker's checkpoints of the audit chain's head: the key from its file, the directory, the job's work. */
@Injectable()
export class AuditCheckpointService {
  private readonly logger = new Logger(AuditCheckpointService.name);
  private keys?: Promise<AuditCheckpointKeys>;
  readonly directory: CheckpointDirectory;

  constructor(
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
  ) {
    this.directory = new CheckpointDirectory(config.AUDIT_CHECKPOINT_DIR);
  }

  /** The signing key, made at the first call if its file is missing; its public key is logged for auditors to pin. */
  key(): Promise<AuditCheckpointKeys> {
    this.keys ??= loadCheckpointKey(this.config.AUDIT_CHECKPOINT_KEY_FILE, { create: true }).then(
      ({ keys, created }) => {
        const fingerprint = kidFingerprint(kidOf(keys.signPk));
        this.logger.log(`audit checkpoint key ${created ? 'made' : 'loaded'}: public key ${encodePublicKey(keys.signPk)} (fingerprint ${fingerprint}); auditors pin this key`);
        return keys;
      },
      (error: unknown) => {
        this.keys = undefined; // try again at the next job
        throw error;
      },
    );
    return this.keys;
  }

  /** Checkpoints the head now (see makeAuditCheckpoint); throws CheckpointRefusedError when the log does not extend the last checkpoint. */
  async checkpoint(now = new Date()): Promise<CheckpointOutcome> {
    const keys = await this.key();
    return makeAuditCheckpoint({ sql: sqlOfManager(this.dataSource.manager), keys, directory: this.directory, instance: this.instanceId, now });
  }

  /** The newest checkpoint in the directory, or null. */
  latest(): Promise<AuditCheckpoint | null> {
    return this.directory.latest();
  }
}
