/** Staff keys and their certification. */
export { KeysModule } from './keys.module';
export { RevocationService } from './revocation.service';
