import { Injectable } from '@nestjs/common';

/**
 * The api's clock for rules that depend on the time of day (the deadline of a call). One
 * injectable, so that a test moves time by replacing `now` on the app's instance (one second
 * before a deadline, one after) instead of sleeping or changing the machine's clock.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
