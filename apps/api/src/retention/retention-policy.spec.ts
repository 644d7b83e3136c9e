import { loadConfig } from '../config';
import { retentionDays } from './retention-policy';

describe('retention per request type', () => {
  it('uses the type’s setting, else CASE_RETENTION_DAYS', () => {
    const config = loadConfig({ CASE_RETENTION_DAYS: '90', RETENTION_DAYS_LEGAL: '30', RETENTION_DAYS_MEDICAL: '365' });
    expect(retentionDays(config, 'legal')).toBe(30);
    expect(retentionDays(config, 'medical')).toBe(365);
    expect(retentionDays(config, 'psychological')).toBe(90);
    expect(retentionDays(config, 'relocation')).toBe(90);
  });
});
