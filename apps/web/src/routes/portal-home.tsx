import { Link } from 'react-router';
import { PortalFrame } from '../features/portal';

/**
 * The public portal's landing page: what this is, that what you write stays private, and the
 * two ways in. Links replace the history entry instead of adding one, so a quick exit leaves
 * nothing of the portal to go back to.
 */
export function PortalHome() {
  return (
    <PortalFrame>
      <h1>Ask for help, safely</h1>
      <p>
        If you are an activist, journalist or human-rights defender under threat, you can ask us for psychological, legal, medical or relocation
        support.
      </p>
      <ul className="facts">
        <li>Everything you write is encrypted in this browser before it leaves your device.</li>
        <li>You do not need to give your name, e-mail or phone number.</li>
        <li>You will get a receipt code to come back and read our answer.</li>
      </ul>
      <div className="portal-actions">
        <Link className="button button--large" to="/request" replace>
          Ask for help
        </Link>
        <Link className="button button--large button--secondary" to="/follow-up" replace>
          I have a receipt code
        </Link>
      </div>
      <div className="panel">
        <h2>Staying safe while you use this site</h2>
        <ul className="facts">
          <li>
            To leave at once, use <strong>Leave this site quickly</strong> at the top, or press <kbd>Esc</kbd> three times. The page is replaced
            by an ordinary article and the Back button does not return here.
          </li>
          <li>If someone else can look at this device, use a private window and close it when you are done. Tor Browser works too.</li>
          <li>This site loads nothing from other websites and keeps no record of your address or browser.</li>
        </ul>
      </div>
    </PortalFrame>
  );
}
