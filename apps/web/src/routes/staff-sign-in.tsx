import { Layout } from './layout';

/** The staff console's sign-in page; passkey sign-in arrives with the identity module. */
export function StaffSignIn() {
  return (
    <Layout area="staff">
      <h1>Sign in</h1>
      <p>Staff sign in with a passkey on this device. Your private keys never leave your browser.</p>
      <button type="button" className="button" disabled>
        Sign in with a passkey
      </button>
      <p className="notice" role="status">
        Passkey sign-in is not enabled on this server yet.
      </p>
    </Layout>
  );
}
