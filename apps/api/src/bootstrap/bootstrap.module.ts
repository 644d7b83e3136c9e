import { Module } from '@nestjs/common';
import { SetupController } from './setup.controller';
import { SetupTokenService } from './setup-token.service';

@Module({ controllers: [SetupController], providers: [SetupTokenService], exports: [SetupTokenService] })
export class BootstrapModule {}
