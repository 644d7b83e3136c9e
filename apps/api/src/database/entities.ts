import { SetupToken } from '../bootstrap/setup-token.entity';
import { OutboxMessage } from '../jobs/outbox-message.entity';
import { StaffMember } from '../staff/staff-member.entity';

/** Every entity the data source knows. */
export const ENTITIES = [OutboxMessage, SetupToken, StaffMember];
