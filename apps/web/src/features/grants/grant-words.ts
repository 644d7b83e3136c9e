/** Why something of a grant did not open or verify in the crypto worker, for the person reading it. */
import { ct } from '../../ui/console-t';
import { type WorkerErrorCode } from '../../crypto/worker-api';

const GRANT_REFUSALS: readonly string[] = [
  'sealer_not_certified',
  'signer_expired',
  'signer_revoked',
  'bad_signature',
  'wrong_key',
  'wrong_ad',
  'tampered',
  'untrusted_certificate',
  'malformed_plaintext',
];

export function refusalReason(code: WorkerErrorCode): string {
  return GRANT_REFUSALS.includes(code) ? ct(`grantRefusal.${code}`) : ct('grantRefusal.other', { code });
}
