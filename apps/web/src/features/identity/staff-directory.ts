/**
 * Staff members' public keys, names and certificate chains (GET /keys/staff/:id), asked once per
 * person per screen. A name shown beside a record is trusted only after the worker verified
 * that person's chain to the built-in root (features/cases/case-opening.ts); here it is only looked up.
 */
import { isApiError } from '../../api/client';
import { type StaffKeys, staffKeys } from '../../api/identity';

export interface StaffDirectory {
  /** The person's keys, or null when the api knows nobody enrolled under that id. */
  keysOf(staffId: string): Promise<StaffKeys | null>;
}

export function createStaffDirectory(): StaffDirectory {
  const cache = new Map<string, Promise<StaffKeys | null>>();
  return {
    keysOf(staffId: string) {
      let found = cache.get(staffId);
      if (!found) {
        found = staffKeys(staffId).catch((error: unknown) => {
          if (isApiError(error, 404)) return null;
          cache.delete(staffId);
          throw error;
        });
        cache.set(staffId, found);
      }
      return found;
    },
  };
}
