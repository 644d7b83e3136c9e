/** The staff directory. What other contexts may use of it. */
export { StaffMember } from './staff-member.entity';
export { StaffModule } from './staff.module';
export { StaffRepository } from './staff.repository';
