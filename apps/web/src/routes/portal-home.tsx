import { Layout } from './layout';

/** The public portal's landing page: what this is, and that what you write stays private. */
export function PortalHome() {
  return (
    <Layout area="portal">
      <h1>Ask for help, safely</h1>
      <p>
        If you are an activist, journalist or human-rights defender under threat, you can ask us for psychological,
        legal, medical or relocation support.
      </p>
      <ul className="facts">
        <li>Everything you write is encrypted in this browser before it leaves your device.</li>
        <li>You do not need to give your name, email or phone number.</li>
        <li>You will get a receipt code to come back and read our answer.</li>
      </ul>
      <p className="notice" role="status">
        The request form opens here soon.
      </p>
    </Layout>
  );
}
