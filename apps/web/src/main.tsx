import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// From react-router/dom: it brings ReactDOM.flushSync, which navigations with { flushSync: true } need.
import { RouterProvider } from 'react-router/dom';
import { captureFragmentToken, IdentityProvider } from './features/identity';
import { createQueryClient } from './data/query-client';
import { createRouter } from './router';
import './styles/app.css';

// Before anything renders: a setup or enrolment token leaves the address bar.
captureFragmentToken();
const router = createRouter();
const queryClient = createQueryClient();

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <IdentityProvider>
        <RouterProvider router={router} />
      </IdentityProvider>
    </QueryClientProvider>
  </StrictMode>,
);
