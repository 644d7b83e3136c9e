/** Which connection acts as whom: the runtime pool as the app role, migrations as the owner. */
import { loadConfig } from '../config';
import { appDataSourceOptions, ownerDataSourceOptions, ownerDatabaseUrl } from './data-source';

const extraOf = (options: object) => (options as { extra: Record<string, unknown> }).extra;

describe('data source options', () => {
  it('runs the pool as DATABASE_ROLE and never migrates or installs extensions from it', () => {
    const options = appDataSourceOptions(loadConfig({}));
    expect(extraOf(options)['options']).toBe('-c role=ashar_app');
    expect(options).toMatchObject({ url: 'postgres://ashar_app@127.0.0.1:5432/ashar', synchronize: false, migrationsRun: false, installExtensions: false });
    expect((options as { migrations?: unknown[] }).migrations ?? []).toHaveLength(0);
    expect(extraOf(appDataSourceOptions(loadConfig({ DATABASE_ROLE: 'ashar_staging' })))['options']).toBe('-c role=ashar_staging');
  });

  it('migrates through the owner URL and tells the migrations the app role', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://ashar_app:pw@db/ashar', DATABASE_OWNER_URL: 'postgres://owner@db/ashar', DATABASE_ROLE: 'ashar_app' });
    const options = ownerDataSourceOptions(config);
    expect(options).toMatchObject({ url: 'postgres://owner@db/ashar', migrationsTableName: 'schema_migrations' });
    expect(extraOf(options)['options']).toBe('-c ashar.app_role=ashar_app');
    expect((options as { migrations: unknown[] }).migrations.length).toBeGreaterThan(0);
    expect(ownerDatabaseUrl(loadConfig({}))).toBe('postgres://postgres@127.0.0.1:5432/ashar');
  });
});
