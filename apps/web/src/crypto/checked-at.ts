/**
 * When a stored envelope or record is checked: the time the server says it stored it, or now if that
 * is earlier (SPEC.md §8 of libs/crypto). What was signed while its certificates were valid stays
 * readable after they expire; what the server stored after they expired is refused. A text that
 * is not a date gives an invalid Date, which certificate verification refuses.
 */
export function checkedAt(storedAt: string): Date {
  const stored = Date.parse(storedAt);
  return new Date(Number.isNaN(stored) ? Number.NaN : Math.min(stored, Date.now()));
}
