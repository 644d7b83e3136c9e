import { type RequestType } from '@ashar/domain';
import { type AsharConfig } from '../config';

type RetentionConfig = Pick<
  AsharConfig,
  'CASE_RETENTION_DAYS' | 'RETENTION_DAYS_PSYCHOLOGICAL' | 'RETENTION_DAYS_LEGAL' | 'RETENTION_DAYS_MEDICAL' | 'RETENTION_DAYS_RELOCATION'
>;

/** Days a closed case of `type` is kept before it is purged: the type's override, else CASE_RETENTION_DAYS. */
export function retentionDays(config: RetentionConfig, type: RequestType): number {
  const override = {
    psychological: config.RETENTION_DAYS_PSYCHOLOGICAL,
    legal: config.RETENTION_DAYS_LEGAL,
    medical: config.RETENTION_DAYS_MEDICAL,
    relocation: config.RETENTION_DAYS_RELOCATION,
  }[type];
  return override ?? config.CASE_RETENTION_DAYS;
}
