import { describeError } from '../features/identity';
import { Refusal } from './refusal';

/** The sentence a page shows for a failed load or change: a page's own refusal as it is, anything else by describeError. */
export function describeFailure(error: unknown): string {
  return error instanceof Refusal ? error.message : describeError(error);
}
