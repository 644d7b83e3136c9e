import { checkCiphertextFormat, isCryptoError, kidOf, parseEncPublicKey, parseSignPublicKey, type SignPublicKey, verifyGrantKeyEnvelope } from '@ashar/crypto';
import { DomainError, GeneralError } from '@ashar/domain';

/**
 * What the server can check of grant material without any key that opens it (libs/crypto SPEC
 * §18): formats, the recipient a grant key is sealed to, the sealer's signature. Each refusal is
 * a 422 problem naming the field, never echoing a value.
 */

/** The kid of an X25519 public key as stored (base64url). */
export const encKidOf = (encPk: string): string => kidOf(parseEncPublicKey(encPk));

/** A stored Ed25519 public key; 422 when it is not one. */
export function signKeyOf(signPk: string, field: string): SignPublicKey {
  try {
    return parseSignPublicKey(signPk);
  } catch {
    throw new DomainError(GeneralError.Validation, `${field} is not a public key`);
  }
}

/** Checks a grant key envelope's format and signature by `sealerKey` over (grantId, sealedKey), and that it is sealed to `recipientKid`. */
export function requireGrantEnvelope(envelope: { sealedKey: string; sealerKid: string; signature: string }, grantId: string, sealerKey: SignPublicKey, recipientKid: string, what: string): void {
  let sealedTo: string;
  try {
    sealedTo = verifyGrantKeyEnvelope(envelope, grantId, sealerKey);
  } catch (err) {
    if (!isCryptoError(err)) throw err;
    if (err.code === 'wrong_key') throw new DomainError(GeneralError.Validation, `${what}: sealerKid is not the key of the caller`);
    if (err.code === 'bad_signature') throw new DomainError(GeneralError.Validation, `${what}: the signature does not verify`);
    throw new DomainError(GeneralError.Validation, `${what}: the envelope is malformed (${err.code})`);
  }
  if (sealedTo !== recipientKid) throw new DomainError(GeneralError.Validation, `${what}: sealedKey is not sealed to the recipient’s current certified key`);
}

/** Refuses payee details that are not a well-formed `a1` string of purpose grant-payee. */
export function requirePayeeCiphertext(text: string): void {
  try {
    checkCiphertextFormat('grant-payee', text);
  } catch (err) {
    if (isCryptoError(err)) throw new DomainError(GeneralError.Validation, `ciphertext is not a well-formed payee details ciphertext (${err.code})`);
    throw err;
  }
}
