/** True for PostgreSQL's unique_violation (23505), as pg or TypeORM's QueryFailedError carries it. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === '23505' || e?.driverError?.code === '23505';
}

/** The constraint a unique_violation names (undefined when `err` is not one; '' when it names none). */
export function uniqueViolationOf(err: unknown): string | undefined {
  if (!isUniqueViolation(err)) return undefined;
  const e = err as { constraint?: unknown; driverError?: { constraint?: unknown } };
  const name = e.constraint ?? e.driverError?.constraint;
  return typeof name === 'string' ? name : '';
}
