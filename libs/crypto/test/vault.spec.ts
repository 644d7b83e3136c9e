/**
 * Vaults: created, unlocked and re-wrapped by passphrase (Argon2id), passkey PRF output and
 * recovery code; wrong secrets, bounds and certified-key checks.
 */
import {
  VAULT_ARGON2,
  createVault,
  generateIdentityKeys,
  generateRecoveryCode,
  openVault,
  parseVaultWrap,
  prfSalt,
  publicKeysOf,
  ready,
  unlockVault,
  unwrapVaultKey,
  wrapVaultKey,
} from '../src/index';
import { FAST_ARGON2, expectCode } from './helpers';

beforeAll(() => ready());

const ref = { userId: 'user-1', unlockMethodId: 'method-1' };

describe('vaults', () => {
  it('unlock by passphrase with the default Argon2id parameters', () => {
    const identity = generateIdentityKeys();
    const { vaultKey, vault } = createVault(identity, 'user-1');
    const wrap = wrapVaultKey(vaultKey, ref, { method: 'passphrase', passphrase: 'a long passphrase' });
    expect(wrap).toEqual(expect.objectContaining({ method: 'passphrase', kdf: 'argon2id13', opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 }));
    const stored = JSON.parse(JSON.stringify(wrap)) as unknown;
    const unlocked = unlockVault(vault, parseVaultWrap(stored), ref, { method: 'passphrase', passphrase: 'a long passphrase' }, identity);
    expect(publicKeysOf(unlocked.identity)).toEqual(publicKeysOf(identity));
    expect(unlocked.identity.signSk).toEqual(identity.signSk);
    expect(unlocked.identity.encSk).toEqual(identity.encSk);
    expect(VAULT_ARGON2).toEqual({ opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 });
  });

  it('unlock by passkey PRF output', () => {
    const identity = generateIdentityKeys();
    const { vaultKey, vault } = createVault(identity, 'user-1');
    const prfOutput = new Uint8Array(32).map((_, index) => index);
    const wrap = wrapVaultKey(vaultKey, ref, { method: 'passkey-prf', credentialId: 'cred_A-1', prfOutput });
    expect(unlockVault(vault, wrap, ref, { method: 'passkey-prf', credentialId: 'cred_A-1', prfOutput }).vaultKey).toEqual(vaultKey);
    expectCode(() => unwrapVaultKey(wrap, ref, { method: 'passkey-prf', credentialId: 'cred_A-1', prfOutput: new Uint8Array(32) }), 'wrong_key');
    expectCode(() => unwrapVaultKey(wrap, ref, { method: 'passkey-prf', credentialId: 'cred_A-1', prfOutput: new Uint8Array(16) }), 'invalid_input');
    expectCode(() => unwrapVaultKey(wrap, ref, { method: 'passkey-prf', credentialId: 'cred_B', prfOutput }), 'invalid_input');
    expect(prfSalt('cred_A-1')).toHaveLength(32);
    expect(prfSalt('cred_A-1')).not.toEqual(prfSalt('cred_B'));
  });

  it('unlock by recovery code however it is typed', () => {
    const identity = generateIdentityKeys();
    const { vaultKey, vault } = createVault(identity, 'user-1');
    const code = generateRecoveryCode();
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$/);
    const wrap = wrapVaultKey(vaultKey, ref, { method: 'recovery-code', code }, FAST_ARGON2);
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `;
    expect(unlockVault(vault, wrap, ref, { method: 'recovery-code', code: typed }).vaultKey).toEqual(vaultKey);
    const other = generateRecoveryCode();
    expectCode(() => unwrapVaultKey(wrap, ref, { method: 'recovery-code', code: other }), 'wrong_key');
  });

  it('re-wrap: change the passphrase and add a method without touching the vault', () => {
    const identity = generateIdentityKeys();
    const { vaultKey, vault } = createVault(identity, 'user-1');
    const first = wrapVaultKey(vaultKey, ref, { method: 'passphrase', passphrase: 'old' }, FAST_ARGON2);
    const opened = unwrapVaultKey(first, ref, { method: 'passphrase', passphrase: 'old' });
    const second = wrapVaultKey(opened, ref, { method: 'passphrase', passphrase: 'new' }, FAST_ARGON2);
    const added = wrapVaultKey(opened, { ...ref, unlockMethodId: 'method-2' }, { method: 'passkey-prf', credentialId: 'c', prfOutput: new Uint8Array(32).fill(1) });
    expectCode(() => unwrapVaultKey(second, ref, { method: 'passphrase', passphrase: 'old' }), 'wrong_key');
    expect(unlockVault(vault, second, ref, { method: 'passphrase', passphrase: 'new' }).vaultKey).toEqual(vaultKey);
    expect(unlockVault(vault, added, { ...ref, unlockMethodId: 'method-2' }, { method: 'passkey-prf', credentialId: 'c', prfOutput: new Uint8Array(32).fill(1) }).vaultKey).toEqual(vaultKey);
    expect(second).toEqual(expect.objectContaining({ method: 'passphrase' }));
    expect(JSON.stringify(second)).not.toContain((first as { salt: string }).salt);
  });

  it('normalise passphrases to NFC', () => {
    const { vaultKey } = createVault(generateIdentityKeys(), 'user-1');
    const wrap = wrapVaultKey(vaultKey, ref, { method: 'passphrase', passphrase: 'caf\u00e9' }, FAST_ARGON2);
    expect(unwrapVaultKey(wrap, ref, { method: 'passphrase', passphrase: 'cafe\u0301' })).toEqual(vaultKey);
  });

  it('refuse mismatched keys, methods, parameters and empty passphrases', () => {
    const identity = generateIdentityKeys();
    const { vaultKey, vault } = createVault(identity, 'user-1');
    expectCode(() => openVault(vaultKey, 'user-1', vault, generateIdentityKeys()), 'public_key_mismatch');
    const wrap = wrapVaultKey(vaultKey, ref, { method: 'passphrase', passphrase: 'p' }, FAST_ARGON2);
    expectCode(() => unwrapVaultKey(wrap, ref, { method: 'recovery-code', code: generateRecoveryCode() }), 'invalid_input');
    expectCode(() => wrapVaultKey(vaultKey, ref, { method: 'passphrase', passphrase: '' }), 'invalid_input');
    expectCode(() => wrapVaultKey(vaultKey, ref, { method: 'passphrase', passphrase: 'p' }, { opsLimit: 0, memLimitBytes: 8 << 20 }), 'invalid_input');
    expectCode(() => wrapVaultKey(vaultKey, ref, { method: 'passphrase', passphrase: 'p' }, { opsLimit: 1, memLimitBytes: 1 << 20 }), 'invalid_input');
    expectCode(() => parseVaultWrap({ ...wrap, memLimitBytes: 2 ** 31 }), 'bad_encoding');
    expectCode(() => parseVaultWrap({ ...wrap, v: 2 }), 'bad_prefix');
    expectCode(() => parseVaultWrap({ ...wrap, kdf: 'scrypt' }), 'bad_encoding');
    expectCode(() => parseVaultWrap({ ...wrap, method: 'sms' }), 'bad_encoding');
    expectCode(() => parseVaultWrap(null), 'bad_encoding');
    expectCode(() => createVault(identity, 'user|1'), 'invalid_input');
  });
});
