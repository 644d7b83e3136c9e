import { Module } from '@nestjs/common';
import { DesksModule } from '../desks';
import { StaffModule } from '../staff';
import { CertificationService } from './certification.service';
import { KeysController } from './keys.controller';
import { StaffNamesRepository } from './staff-names.repository';
import { RevocationRepository } from './revocation.repository';
import { RevocationService } from './revocation.service';

/** Staff public keys, the organisation root key, the certificates that chain them, and signed revocations. */
@Module({
  imports: [StaffModule, DesksModule],
  controllers: [KeysController],
  providers: [CertificationService, StaffNamesRepository, RevocationService, RevocationRepository],
  exports: [RevocationService],
})
export class KeysModule {}
