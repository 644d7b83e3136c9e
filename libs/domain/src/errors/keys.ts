/** Codes of key certification (staff, admin and desk keys). */
export const KeyError = {
  /** The installation has no organisation root key configured. */
  NoRoot: 'no-root',
  CertificateRejected: 'certificate-rejected',
  /** A desk key version's link or approval does not verify (libs/crypto SPEC.md §8.2). */
  ContinuityRejected: 'desk-continuity-rejected',
  /** The same admin may not both certify and approve a desk key version. */
  SecondAdminRequired: 'second-admin-required',
  /** The key was revoked (SPEC.md §8.3). */
  Revoked: 'key-revoked',
  /** A revocation statement that does not verify, or is dated too far from now. */
  RevocationRejected: 'revocation-rejected',
} as const;
