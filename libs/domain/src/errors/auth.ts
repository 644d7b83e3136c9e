/** Codes of signing in, sessions and enrolment (staff and requesters). */
export const AuthError = {
  /** The passkey or receipt code is not recognised; never says which part was wrong. */
  SignInFailed: 'sign-in-failed',
  /** A WebAuthn ceremony expired, was used already, or belongs to another session. */
  CeremonyExpired: 'ceremony-expired',
  PasskeyRegistrationFailed: 'passkey-registration-failed',
  /** Removing this passkey would lock its owner out. */
  LastPasskey: 'last-passkey',
  /** A state-changing request without the session's CSRF token. */
  Csrf: 'csrf',
  /** The action needs a fresh passkey confirmation first. */
  StepUpRequired: 'step-up-required',
} as const;
