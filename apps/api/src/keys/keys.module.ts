import { Module } from '@nestjs/common';
import { StaffModule } from '../staff';
import { CertificationService } from './certification.service';
import { KeysController } from './keys.controller';
import { StaffNamesRepository } from './staff-names.repository';

/** Staff public keys, the organisation root key and the certificates that chain them. */
@Module({
  imports: [StaffModule],
  controllers: [KeysController],
  providers: [CertificationService, StaffNamesRepository],
})
export class KeysModule {}
