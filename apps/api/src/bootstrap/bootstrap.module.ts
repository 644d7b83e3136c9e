import { Module } from '@nestjs/common';
import { SetupController } from './setup.controller';
import { SetupTokenRepository } from './setup-token.repository';
import { SetupTokenService } from './setup-token.service';

@Module({ controllers: [SetupController], providers: [SetupTokenRepository, SetupTokenService], exports: [SetupTokenService] })
export class BootstrapModule {}
