/**
 * The pseudonym a member of staff chooses for requesters (issue 16), checked in the browser by
 * libs/domain's own schema, so the console says what is wrong before the api would refuse it.
 */
import { PSEUDONYM_MAX_LENGTH, pseudonymSchema } from '@ashar/domain';

/** Why a typed pseudonym cannot be saved: nothing in it, too long, or a control character (a line break, a tab). */
export type PseudonymProblem = 'empty' | 'tooLong' | 'control';

export type PseudonymCheck = { readonly ok: true; readonly pseudonym: string } | { readonly ok: false; readonly problem: PseudonymProblem };

/** The pseudonym as it will be stored (trimmed), or why it cannot be. */
export function checkPseudonym(typed: string): PseudonymCheck {
  const parsed = pseudonymSchema.safeParse(typed);
  if (parsed.success) return { ok: true, pseudonym: parsed.data };
  const trimmed = typed.trim();
  if (trimmed.length === 0) return { ok: false, problem: 'empty' };
  if (trimmed.length > PSEUDONYM_MAX_LENGTH) return { ok: false, problem: 'tooLong' };
  return { ok: false, problem: 'control' };
}

export { PSEUDONYM_MAX_LENGTH };
