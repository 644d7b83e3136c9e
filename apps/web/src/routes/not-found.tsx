import { Link } from 'react-router';
import { Layout } from './layout';

export function NotFound() {
  return (
    <Layout area="portal">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </Layout>
  );
}
