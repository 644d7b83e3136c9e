/** Staff keys and their certification. */
export { KeysModule } from './keys.module';
