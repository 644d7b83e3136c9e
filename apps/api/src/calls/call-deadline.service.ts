import { Injectable } from '@nestjs/common';
import { DomainError, GeneralError, assertCallOpen } from '@ashar/domain';
import { type EntityManager } from 'typeorm';
import { CallRepository } from './call.repository';
import { timingOf } from './call-views';
import { Clock } from './clock';

/**
 * The deadline guard every route that takes something from an applicant asks first (an
 * application, an edit, a withdrawal, naming a referee): inside the caller's transaction, it
 * reads the call (a draft or an archived call is not found) and refuses from the closing instant
 * on, by the api's Clock: `call-closed` (409), or `call-not-open` (409) before the call opens.
 */
@Injectable()
export class CallDeadline {
  constructor(
    private readonly calls: CallRepository,
    private readonly clock: Clock,
  ) {}

  /** Throws unless the call `callId` takes applications now; inside a transaction the row is locked FOR SHARE, so a concurrent close or edit waits for it. */
  async assertOpen(manager: EntityManager, callId: string): Promise<void> {
    const row = await this.calls.findPublic(manager, callId, manager.queryRunner?.isTransactionActive === true);
    if (!row) throw new DomainError(GeneralError.NotFound);
    assertCallOpen(timingOf(row), this.clock.now());
  }
}
