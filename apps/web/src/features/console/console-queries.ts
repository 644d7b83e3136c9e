/**
 * The console home's loads (TanStack Query): the person's passkeys, their own certification
 * as checked in the crypto worker, and the built-in root key's fingerprint.
 */
import { queryOptions, skipToken } from '@tanstack/react-query';
import { listPasskeys, ownPseudonym, staffKeys } from '../../api/identity';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type CertificationStatus, type PublicIdentity } from '../../crypto/worker-api';

export const consoleQueryKeys = {
  passkeys: () => ['me', 'passkeys'] as const,
  pseudonym: () => ['me', 'pseudonym'] as const,
  certification: (userId: string) => ['me', 'certification', userId] as const,
  rootFingerprint: (root: string) => ['root-fingerprint', root] as const,
};

export const passkeysQuery = () => queryOptions({ queryKey: consoleQueryKeys.passkeys(), queryFn: () => listPasskeys() });

/** The signed-in person's own pseudonym for requesters; null: none chosen. */
export const pseudonymQuery = () => queryOptions({ queryKey: consoleQueryKeys.pseudonym(), queryFn: () => ownPseudonym() });

/** The unlocked person's certificate chain, fetched and checked against the built-in root in the worker; not asked without both. */
export const certificationQuery = (root: string | null, unlocked: PublicIdentity | null) =>
  queryOptions({
    queryKey: consoleQueryKeys.certification(unlocked?.userId ?? ''),
    queryFn:
      root && unlocked
        ? async (): Promise<CertificationStatus> => {
            const keys = await staffKeys(unlocked.userId);
            return cryptoWorker().certificationStatus(keys.chain, root, { userId: unlocked.userId, encPk: unlocked.encPk, signPk: unlocked.signPk });
          }
        : skipToken,
  });

/** The built-in root key's fingerprint, computed in the worker once the vault is open. */
export const rootFingerprintQuery = (root: string | null, unlocked: boolean) =>
  queryOptions({ queryKey: consoleQueryKeys.rootFingerprint(root ?? ''), queryFn: root && unlocked ? () => cryptoWorker().fingerprintOf(root) : skipToken });
