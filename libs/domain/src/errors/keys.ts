/** Codes of key certification (staff, admin and desk keys). */
export const KeyError = {
  /** The installation has no organisation root key configured. */
  NoRoot: 'no-root',
  CertificateRejected: 'certificate-rejected',
} as const;
