/** The first administrator's setup token. What other contexts may use of it. */
export { BootstrapModule } from './bootstrap.module';
export { SetupToken } from './setup-token.entity';
export { SetupTokenService } from './setup-token.service';
