import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A member of staff. Identity keys, passkeys and desks are added by the identity migrations. */
@Entity({ name: 'staff_members' })
export class StaffMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: string[];

  @Column({ type: 'text', default: 'active' })
  status: string;

  /** The console's and notification e-mails' language (libs/domain STAFF_UI_LANGUAGES). */
  @Column({ type: 'text', default: 'en' })
  language: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
