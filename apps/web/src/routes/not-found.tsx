import { Link } from 'react-router';
import { PortalFrame } from '../features/portal';

export function NotFound() {
  return (
    <PortalFrame>
      <h1>Page not found</h1>
      <p>
        <Link to="/" replace>
          Go to the start page
        </Link>
      </p>
    </PortalFrame>
  );
}
