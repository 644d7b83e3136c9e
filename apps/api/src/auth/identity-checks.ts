import { checkCiphertextFormat, parseVaultWrap } from '@ashar/crypto';
import { DomainError, GeneralError, type IdentityInput } from '@ashar/domain';

/**
 * Checks the shape of what the browser created (the server holds no key to
 * check more): a well-formed vault ciphertext, well-formed wraps, a recovery
 * code wrap, and a way to unlock with the new passkey (its PRF) or a passphrase.
 */
export function checkNewIdentity(input: IdentityInput, credentialId: string): void {
  const bad = (detail: string) => new DomainError(GeneralError.Validation, detail);
  try {
    checkCiphertextFormat('vault', input.vault);
    for (const w of input.wraps) {
      const parsed = parseVaultWrap(w.wrap) as { method: string };
      if (parsed.method !== w.method) throw bad('a vault wrap does not match its method');
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw bad('the vault or a vault wrap is malformed');
  }
  const methods = input.wraps.map((w) => w.method);
  if (!methods.includes('recovery-code')) throw bad('a recovery-code wrap is required');
  const prfForThis = input.wraps.some((w) => w.method === 'passkey-prf' && w.credentialId === credentialId);
  if (!prfForThis && !methods.includes('passphrase')) throw bad('a passkey-prf wrap for this passkey or a passphrase wrap is required');
  if (input.wraps.some((w) => w.method === 'passkey-prf' && w.credentialId !== credentialId)) throw bad('a passkey-prf wrap names another passkey');
  if (input.wraps.some((w) => w.method !== 'passkey-prf' && w.credentialId !== undefined)) throw bad('only passkey-prf wraps name a passkey');
  if (new Set(input.wraps.map((w) => w.id)).size !== input.wraps.length) throw bad('wrap ids must be unique');
}
