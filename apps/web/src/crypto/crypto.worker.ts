/**
 * The crypto worker: the only code of the web app that loads libsodium (libs/crypto), and the
 * only place an unlocked identity lives. Secret keys and the vault key never leave this
 * worker; callers get public keys, fingerprints, ciphertexts and wraps. Ending the worker
 * (sign-out, closing the tab) drops them; `lock` wipes them earlier.
 *
 * This entry only assembles the API the page talks to (worker-api.ts, over comlink) from the
 * feature modules: the requester's (requester-worker.ts) and the staff's (worker/*), whose
 * secrets live in worker/key-state.ts.
 */
import { expose } from 'comlink';
import { requesterGrantOperations } from './requester-grant-operations';
import { requesterOperations } from './requester-worker';
import { type CryptoWorkerApi } from './worker-api';
import { applicationOperations } from './worker/application-operations';
import { caseOperations } from './worker/case-operations';
import { certificateOperations } from './worker/certificate-operations';
import { deskKeyOperations } from './worker/desk-key-operations';
import { fileOperations } from './worker/file-operations';
import { grantOperations } from './worker/grant-operations';
import { identityOperations } from './worker/identity-operations';
import { resealOperations } from './worker/reseal-operations';

const api: CryptoWorkerApi = {
  // Public portal and requester follow-up: receipt keys, intake, the requester's own case.
  ...requesterOperations,
  ...requesterGrantOperations,
  ...identityOperations,
  ...certificateOperations,
  ...deskKeyOperations,
  ...resealOperations,
  ...caseOperations,
  ...fileOperations,
  // Mini-grants (SPEC.md §18): the staff side; the requester side is requesterGrantOperations.
  ...grantOperations,
  // Applications to calls: the programme desk's reader (docs/calls.md "Applications").
  ...applicationOperations,
};

expose(api);
