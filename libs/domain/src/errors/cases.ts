/** Codes of the case lifecycle. */
export const CaseError = {
  /** The lifecycle has no edge between the two statuses (includes anything out of `purged`). */
  InvalidTransition: 'invalid-transition',
  /** The edge exists but the actor kind may not take it. */
  TransitionForbidden: 'transition-forbidden',
} as const;
