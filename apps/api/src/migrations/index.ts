import { Foundation1763700000000 } from './1763700000000-foundation';
import { Identity1763700000200 } from './1763700000200-identity';
import { AuditLog1763700000100 } from './1763700000100-audit-log';

/** Every migration, in order. A landed migration is never edited: add a new one. */
export const MIGRATIONS = [Foundation1763700000000, Identity1763700000200, AuditLog1763700000100];
