/** Codes of the shared rules (ability, its SQL translation, domain value checks). */
export const RuleError = {
  /** The ability does not allow the action. The api answers it exactly as a missing record. */
  AccessDenied: 'access-denied',
  /** A value failed a domain check (bad date, unknown urgency, a bad parameter offset...). */
  InvalidInput: 'invalid-input',
  /** An ability rule uses a condition operator the SQL translation does not support. */
  UnsupportedCondition: 'unsupported-condition',
  /** An ability rule names a subject field the caller gave no SQL column for. */
  UnmappedField: 'unmapped-field',
} as const;
