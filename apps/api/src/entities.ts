import { SetupToken } from './bootstrap';
import { OutboxMessage } from './jobs';
import { StaffMember } from './staff';

/** Every entity the data source knows. */
export const ENTITIES = [OutboxMessage, SetupToken, StaffMember];
