/**
 * @ashar/crypto: the Ashar encryption format v1 (SPEC.md) on libsodium. Isomorphic: Node,
 * browser pages and Web Workers. Await `ready()` once before calling anything else.
 */
export { ready, isReady, cryptoBackend, useSignatureVerifier, usesNativeVerifier, type CryptoBackend, type ReadyOptions, type SignatureVerifier } from './sodium';
export * from './errors';
export type {
  ApplicationCiphertext,
  Brand,
  CaseKey,
  CaseKeyLink,
  CaseFileMetaCiphertext,
  Ciphertext,
  DeskKeyPair,
  DeskSecretKey,
  EncPublicKey,
  EncSecretKey,
  FileKey,
  FileMetaCiphertext,
  GrantFileMetaCiphertext,
  GrantKey,
  GrantPayeeCiphertext,
  GrantReportCiphertext,
  IdentityKeys,
  JsonValue,
  KeyOpener,
  Kid,
  ReceiptCode,
  RecordCiphertext,
  RecoveryCode,
  RequesterKeys,
  RootKeys,
  SealableKey,
  SealedKey,
  SignPublicKey,
  SignSecretKey,
  Signer,
  StaffKey,
  StaffKeyBinding,
  StaffKeyLink,
  StreamHeader,
  VaultCiphertext,
  VaultKey,
  WrappedCaseFileKey,
  WrappedFileKey,
  WrappedGrantFileKey,
  WrappedVaultKey,
  WrappedRootSeed,
  ProtectedRootKeys,
  AeadPurpose,
} from './brands';
export type { AeadBinding, BindingFor, CaseFileRef, FileRef, GrantFileRef, GrantReportRef, Purpose } from './binding';
export { buildAd } from './binding';
export { checkCiphertextFormat } from './aead';
export { toBase64Url, fromBase64Url } from './encoding';
export { canonicalJson } from './canonical-json';
export {
  generateIdentityKeys,
  generateRootKeys,
  exportRootKeys,
  importRootKeys,
  kidOf,
  parseKid,
  kidFingerprint,
  encodePublicKey,
  parseEncPublicKey,
  parseSignPublicKey,
  publicKeysOf,
} from './keys';
export { sealedKeyRecipient } from './sealed-box';
export type { Certificate, CertificateSubject, SubjectKind, VerifiedDesk, VerifiedEscrow, VerifiedPerson, VerifiedSubject } from './certificates';
export { issueCertificate, parseCertificate, verifyCertificateChain, deskSubjectId, parseDeskSubjectId } from './certificates';
export { generateDeskKeyPair, sealDeskKey, openDeskKey, deskSigningKeys, wipeDeskKeyPair, DESK_SIGN_KDF_CONTEXT, DESK_SIGN_KDF_ID } from './desk-keys';
export type {
  DeskContinuity,
  DeskHistoryEntry,
  DeskHistoryOptions,
  DeskVersionKeys,
  SeenDeskVersion,
  VerifiedDeskHistory,
  VerifiedDeskVersion,
} from './desk-history';
export {
  deskApprovalMessage,
  deskLinkMessage,
  deskVersionKeys,
  parseDeskHistoryEntry,
  seenOf,
  signDeskApproval,
  signDeskLink,
  verifyDeskApproval,
  verifyDeskHistory,
  verifyDeskLink,
} from './desk-history';
export type { RevocationKind, RevocationList, RevocationStatement, RevocationSubject, VerifiedRevocation } from './revocations';
export { NO_REVOCATIONS, assertNotRevoked, issueRevocation, parseRevocation, revokedSince, verifyRevocation, verifyRevocations } from './revocations';
export type { CaseKeyEnvelope, CaseKeyRecipient, Sealer, RequesterPublicKeys } from './case-keys';
export {
  generateCaseKey,
  generateFileKey,
  sealCaseKey,
  sealCaseKeyToAll,
  openCaseKeyEnvelope,
  parseCaseKeyEnvelope,
  verifyCaseKeyEnvelope,
  requesterPublicKeys,
  parseRequesterPublicKeys,
  wrapFileKey,
  unwrapFileKey,
} from './case-keys';
export type { StaffKeyEnvelope, StaffKeyRecipient } from './staff-keys';
export { generateStaffKey, sealStaffKey, openStaffKeyEnvelope, parseStaffKeyEnvelope, verifyStaffKeyEnvelope, bindStaffKey, checkStaffKey } from './staff-keys';
export { linkCaseKeys, openCaseKeyLink, openCaseKeyChain, linkStaffKeys, openStaffKeyLink } from './key-links';
export type { RecordKey } from './case-files';
export { wrapCaseFileKey, unwrapCaseFileKey, encryptCaseFileMeta, decryptCaseFileMeta } from './case-files';
export type { CaseKeyEvidence } from './case-key-check';
export { checkCaseKey } from './case-key-check';
export type { GrantSignedPurpose, RecordRef, SignedCiphertext, SignedKeyFor, SignedPurpose } from './signed-payload';
export { encryptSigned, decryptSigned, encryptRecord, decryptRecord } from './signed-payload';
export type { FileMeta } from './file-meta';
export { encryptFileMeta, decryptFileMeta } from './file-meta';
export { generateReceiptCode, normaliseReceiptCode, receiptCodeVersion, preferredReceiptCodeVersion, RECEIPT_CODE_CHARS, RECEIPT_CODE_V2_CHARS, type ReceiptCodeVersion, generateRecoveryCode, normaliseRecoveryCode } from './codes';
export { RECEIPT_ARGON2, receiptSalt, deriveRequesterKeys, generateChallenge, signChallenge, verifyChallenge } from './receipt';
export type { Argon2Params, ExpectedPublicKeys, PasskeyPrfWrap, PasswordWrap, UnlockSecret, VaultUnlockRef, VaultWrap } from './vault';
export { VAULT_ARGON2, createVault, openVault, wrapVaultKey, unwrapVaultKey, unlockVault, parseVaultWrap, prfSalt } from './vault';
export { ROOT_ARGON2, ROOT_PASSPHRASE_MIN_LENGTH, protectRootKeys, openProtectedRootKeys, protectedRootPublicKey } from './root-file';
export type { DecryptedChunk, EncryptedChunk, StreamFileRef } from './file-stream';
export {
  CHUNK_BYTES,
  CHUNK_OVERHEAD,
  ENCRYPTED_CHUNK_BYTES,
  FileDecryptor,
  FileEncryptor,
  chunkCount,
  checkStreamHeaderFormat,
  encryptedSize,
  createFileEncryptor,
  createFileDecryptor,
} from './file-stream';
export type { ByteSource } from './file-stream-io';
export { encryptFile, decryptFile, encryptFileToStream, decryptFileToStream, toReadableStream } from './file-stream-io';
export type { GrantApprovalSignature, GrantKeyEnvelope, GrantKeyRecipient, GrantTerms, PayeeDetails } from './grants';
export {
  generateGrantKey,
  sealGrantKey,
  sealGrantKeyToAll,
  parseGrantKeyEnvelope,
  verifyGrantKeyEnvelope,
  openGrantKeyEnvelope,
  encryptPayeeDetails,
  decryptPayeeDetails,
  grantApprovalMessage,
  signGrantApproval,
  verifyGrantApproval,
  encryptGrantReport,
  decryptGrantReport,
  wrapGrantFileKey,
  unwrapGrantFileKey,
  encryptGrantFileMeta,
  decryptGrantFileMeta,
  createGrantFileEncryptor,
  createGrantFileDecryptor,
  encryptGrantFile,
  decryptGrantFile,
  encryptGrantFileToStream,
  decryptGrantFileToStream,
} from './grants';
export type { AuditCheckpoint, AuditCheckpointKeys, AuditCheckpointStatement } from './audit-checkpoint';
export {
  auditCheckpointMessage,
  checkpointTime,
  exportAuditCheckpointKeys,
  generateAuditCheckpointKeys,
  importAuditCheckpointKeys,
  parseAuditCheckpoint,
  signAuditCheckpoint,
  verifyAuditCheckpoint,
} from './audit-checkpoint';
export type { ReleaseManifest, VerifiedRelease } from './release';
export {
  RELEASE_MANIFEST_PATH,
  RELEASE_REQUIRED_FILES,
  RELEASE_MAX_FILES,
  RELEASE_MANIFEST_MAX_BYTES,
  hashReleaseFile,
  isReleasePath,
  releaseBuildId,
  signReleaseManifest,
  parseReleaseManifest,
  verifyReleaseManifest,
} from './release';
export type { SubjectCiphertext } from './case-subject';
export { SUBJECT_CIPHERTEXT_LENGTH, SUBJECT_MAX_CHARS, SUBJECT_PADDED_BYTES, checkSubjectFormat, openSubject, sealSubject } from './case-subject';
