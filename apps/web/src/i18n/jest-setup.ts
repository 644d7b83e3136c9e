/** Unit tests read the app's words in English, console, forms and names namespaces included (apps/web/jest.config.cjs). */
import { beforeAll } from '@jest/globals';
import { ensureNamespaces, startI18n } from './i18n';

beforeAll(async () => {
  await startI18n('en');
  await ensureNamespaces('console', 'forms', 'names');
});
