/** Why something of a grant did not open or verify in the crypto worker, for the person reading it. */
import { type WorkerErrorCode } from '../../crypto/worker-api';

export function refusalReason(code: WorkerErrorCode): string {
  switch (code) {
    case 'sealer_not_certified':
      return 'it was signed by a key this organisation has not certified';
    case 'signer_expired':
      return 'the server says it was stored after its signer’s certificate expired';
    case 'signer_revoked':
      return 'the server says it was stored after its signer’s keys were revoked';
    case 'bad_signature':
      return 'its signature does not verify: it was altered or forged';
    case 'wrong_key':
      return 'it was not made with the key it claims';
    case 'wrong_ad':
      return 'it belongs to another grant';
    case 'tampered':
      return 'it was altered';
    case 'untrusted_certificate':
      return 'a certificate does not lead to this organisation’s root key, or it has expired';
    case 'malformed_plaintext':
      return 'its content is malformed';
    default:
      return `it did not verify (${code})`;
  }
}
