import { Injectable } from '@nestjs/common';
import { type StepUpBudget } from '../policy';
import { RedisStore } from '../redis';

/**
 * Counts, per person and budget, the requests a StepUpAfter route let through or refused in the
 * current window (Redis, a counter that expires with its window). Counting an attempt the
 * service later refuses is deliberate: the budget limits trying, not only succeeding.
 */
@Injectable()
export class StepUpBudgets {
  constructor(private readonly redis: RedisStore) {}

  /** Counts one more request; returns how many this window holds now, this one included. */
  async spend(budget: StepUpBudget, staffId: string): Promise<number> {
    const key = this.redis.key('step-up-budget', budget.name, staffId);
    const results = await this.redis.client.multi().set(key, '0', 'EX', budget.windowSeconds, 'NX').incr(key).exec();
    const counted = results?.[1]?.[1];
    if (typeof counted !== 'number') throw new Error('the step-up budget could not be counted');
    return counted;
  }
}
